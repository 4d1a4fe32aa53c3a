//! [`RegionalClients`]: one SDK client per region, made when first needed (hotswap targets
//! receive each stack's configuration and keep the clients between stacks).

use std::collections::HashMap;
use std::sync::Mutex;

/// One client per region, made by the caller's constructor the first time a region is asked.
#[derive(Debug)]
pub struct RegionalClients<C> {
    clients: Mutex<HashMap<String, C>>,
}

impl<C> Default for RegionalClients<C> {
    fn default() -> Self {
        RegionalClients {
            clients: Mutex::new(HashMap::new()),
        }
    }
}

impl<C: Clone> RegionalClients<C> {
    /// The client of `config`'s region, made with `make` if there is none yet.
    ///
    /// ```
    /// use cdk_toolkit::aws::RegionalClients;
    /// let clients: RegionalClients<String> = RegionalClients::default();
    /// let config = aws_config::SdkConfig::builder()
    ///     .region(aws_config::Region::new("eu-west-1"))
    ///     .build();
    /// assert_eq!(clients.get(&config, |_| "first".to_string()), "first");
    /// assert_eq!(clients.get(&config, |_| "second".to_string()), "first");
    /// ```
    pub fn get(
        &self,
        config: &aws_config::SdkConfig,
        make: impl FnOnce(&aws_config::SdkConfig) -> C,
    ) -> C {
        let region = config.region().map(ToString::to_string).unwrap_or_default();
        let mut clients = match self.clients.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        clients
            .entry(region)
            .or_insert_with(|| make(config))
            .clone()
    }
}
