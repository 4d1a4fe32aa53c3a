//! Running per-stack work in dependency order, independent stacks at once.

use std::future::Future;
use std::sync::Arc;

use indexmap::IndexMap;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// Runs `work` for every item once all its dependencies succeeded, at most `concurrency` at
/// once. An item whose dependency failed is not run: its result is `skipped(item, dependency)`.
/// Results are in the order of `items`.
pub async fn run_in_order<T, E, W, F, S>(
    items: Vec<(String, Vec<String>)>,
    concurrency: usize,
    work: W,
    skipped: S,
) -> IndexMap<String, Result<T, E>>
where
    T: Send + 'static,
    E: Send + 'static,
    W: Fn(String) -> F,
    F: Future<Output = Result<T, E>> + Send + 'static,
    S: Fn(&str, &str) -> E + Send + Sync + 'static,
{
    let skipped = Arc::new(skipped);
    let semaphore = Arc::new(Semaphore::new(concurrency.max(1)));
    // Each item publishes Some(true) on success, Some(false) on failure.
    let mut senders = IndexMap::new();
    let mut receivers = IndexMap::new();
    for (id, _) in &items {
        let (tx, rx) = watch::channel(None::<bool>);
        senders.insert(id.clone(), tx);
        receivers.insert(id.clone(), rx);
    }
    let mut tasks = JoinSet::new();
    for (id, deps) in &items {
        let deps: Vec<(String, watch::Receiver<Option<bool>>)> = deps
            .iter()
            .filter_map(|d| receivers.get(d).map(|rx| (d.clone(), rx.clone())))
            .collect();
        let Some(tx) = senders.swap_remove(id) else {
            continue; // an id listed twice runs once
        };
        let semaphore = Arc::clone(&semaphore);
        let skipped = Arc::clone(&skipped);
        let job = work(id.clone());
        let id = id.clone();
        tasks.spawn(async move {
            for (dep, mut rx) in deps {
                let ok = match rx.wait_for(Option::is_some).await {
                    Ok(v) => *v == Some(true),
                    Err(_) => false,
                };
                if !ok {
                    let _ = tx.send(Some(false));
                    let err = skipped(&id, &dep);
                    return (id, Err(err));
                }
            }
            let _permit = semaphore.acquire_owned().await;
            let result = job.await;
            let _ = tx.send(Some(result.is_ok()));
            (id, result)
        });
    }
    let mut results: IndexMap<String, Result<T, E>> = IndexMap::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((id, result)) = joined {
            results.insert(id, result);
        }
    }
    items
        .iter()
        .filter_map(|(id, _)| results.swap_remove(id).map(|r| (id.clone(), r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    use std::time::Duration;

    fn items(spec: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        spec.iter()
            .map(|(id, deps)| (id.to_string(), deps.iter().map(|d| d.to_string()).collect()))
            .collect()
    }

    #[tokio::test]
    async fn dependencies_finish_first_and_failures_stop_dependents() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = Arc::clone(&log);
        let results = run_in_order(
            items(&[
                ("Data", &[]),
                ("Bot", &["Data"]),
                ("Bad", &[]),
                ("AfterBad", &["Bad"]),
            ]),
            4,
            move |id| {
                let l = Arc::clone(&l);
                async move {
                    tokio::time::sleep(Duration::from_millis(if id == "Data" { 30 } else { 1 }))
                        .await;
                    l.lock().unwrap().push(id.clone());
                    if id == "Bad" {
                        Err("boom".to_string())
                    } else {
                        Ok(id)
                    }
                }
            },
            |id, dep| format!("{id} not deployed: it depends on {dep}, which failed"),
        )
        .await;
        let order = log.lock().unwrap().clone();
        let pos = |x: &str| order.iter().position(|o| o == x).unwrap();
        assert!(pos("Data") < pos("Bot"));
        assert_eq!(results["Bad"], Err("boom".to_string()));
        assert_eq!(
            results["AfterBad"],
            Err("AfterBad not deployed: it depends on Bad, which failed".to_string())
        );
        assert!(!order.contains(&"AfterBad".to_string()));
        let keys: Vec<&String> = results.keys().collect();
        assert_eq!(keys, ["Data", "Bot", "Bad", "AfterBad"]);
    }

    #[tokio::test]
    async fn concurrency_bounds_the_stacks_in_flight() {
        for limit in [1usize, 3] {
            let running = Arc::new(AtomicUsize::new(0));
            let peak = Arc::new(AtomicUsize::new(0));
            let (r, p) = (Arc::clone(&running), Arc::clone(&peak));
            let spec: Vec<(String, Vec<String>)> =
                (0..8).map(|i| (format!("S{i}"), Vec::new())).collect();
            run_in_order(
                spec,
                limit,
                move |_| {
                    let (r, p) = (Arc::clone(&r), Arc::clone(&p));
                    async move {
                        let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                        p.fetch_max(now, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        r.fetch_sub(1, Ordering::SeqCst);
                        Ok::<(), String>(())
                    }
                },
                |_, _| String::new(),
            )
            .await;
            assert_eq!(peak.load(Ordering::SeqCst), limit);
        }
    }
}
