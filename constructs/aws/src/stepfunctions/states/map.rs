//! [`Map`]: inline and distributed.

use cdk_core::Expr;

use super::Builder;
use crate::iam::PolicyStatement;
use crate::stepfunctions::chain::Chain;
use crate::stepfunctions::map_def::{
    ChildExecutionType, ItemBatcher, ItemReader, MapDef, MapMode, ResultWriter,
};
use crate::stepfunctions::state::{StateDef, StateKind};

/// A Map state: runs a chain for each item of a list, inline (in the execution, up to 40 at
/// once) or distributed (child executions, items from S3, results to S3, tolerated failures).
/// The chain is self-contained like a Parallel branch; its statements are granted to the
/// machine. The result is the list of the iterations' outputs.
///
/// ```
/// use cdk_aws::stepfunctions::{Chain, Map, Pass};
/// let map = Map::new("Each Order", Pass::new("Price").parameters(
///         cdk_aws::stepfunctions::Params::new().path("id", "$.order.id").path("index", "$.index")))
///     .items_path("$.orders")
///     .item_selector(cdk_aws::stepfunctions::Params::new().path("order", "$$.Map.Item.Value").path("index", "$$.Map.Item.Index"))
///     .max_concurrency(5)
///     .result_path("$.priced");
/// let d = Chain::start(map).to_definition();
/// assert!(d.validate().is_empty());
/// let json = d.to_expr().to_literal_json().unwrap();
/// assert_eq!(json["States"]["Each Order"]["ItemProcessor"]["ProcessorConfig"]["Mode"], "INLINE");
/// assert_eq!(json["States"]["Each Order"]["MaxConcurrency"], 5);
/// // A distributed-only field on an inline Map is refused at synth.
/// let bad = Chain::start(Map::new("M", Pass::new("P")).tolerated_failure_percentage(10.0));
/// assert!(bad.validate()[0].message.contains("only valid in a distributed Map"));
/// ```
#[derive(Clone, Debug)]
pub struct Map(pub(crate) Builder, MapDef, Chain);

impl Map {
    /// An inline Map running `processor` for each item.
    pub fn new(name: &str, processor: impl Into<Chain>) -> Self {
        let processor: Chain = processor.into();
        let def = MapDef {
            processor: processor.to_definition(),
            mode: MapMode::Inline,
            items_path: None,
            items: None,
            item_selector: None,
            max_concurrency: None,
            tolerated_failure_percentage: None,
            tolerated_failure_count: None,
            item_reader: None,
            result_writer: None,
            item_batcher: None,
            label: None,
        };
        Map(
            Builder::new(name, StateDef::new(StateKind::Map(Box::new(def.clone())))),
            def,
            processor,
        )
    }

    /// Makes it a distributed Map whose iterations are child executions of this type.
    pub fn distributed(mut self, child: ChildExecutionType) -> Self {
        self.1.mode = MapMode::Distributed(child);
        self
    }

    /// `ItemsPath` (JSONPath): where the list is in the input.
    pub fn items_path(mut self, path: &str) -> Self {
        self.1.items_path = Some(path.to_string());
        self
    }

    /// `Items` (JSONata): the list, or a `{% %}` expression giving it.
    pub fn items(mut self, items: impl Into<Expr>) -> Self {
        self.1.items = Some(items.into());
        self
    }

    /// `ItemSelector`: each iteration's input (`$$.Map.Item.Value`, `$$.Map.Item.Index`, or
    /// `$states.context.Map.Item` in JSONata).
    pub fn item_selector(mut self, selector: impl Into<Expr>) -> Self {
        self.1.item_selector = Some(selector.into());
        self
    }

    /// `MaxConcurrency`.
    pub fn max_concurrency(mut self, n: u32) -> Self {
        self.1.max_concurrency = Some(n);
        self
    }

    /// `ToleratedFailurePercentage` (distributed).
    pub fn tolerated_failure_percentage(mut self, percent: f64) -> Self {
        self.1.tolerated_failure_percentage = Some(percent);
        self
    }

    /// `ToleratedFailureCount` (distributed).
    pub fn tolerated_failure_count(mut self, n: u32) -> Self {
        self.1.tolerated_failure_count = Some(n);
        self
    }

    /// `ItemReader` (distributed): the items from S3; grants `s3:GetObject` on the object, or
    /// `s3:ListBucket` on the bucket for [`ItemReader::S3Objects`].
    pub fn item_reader(mut self, reader: ItemReader) -> Self {
        let statement = match &reader {
            ItemReader::S3Object {
                bucket_arn, key, ..
            } => PolicyStatement::allow(
                ["s3:GetObject"],
                [Expr::join(
                    "",
                    [bucket_arn.clone(), Expr::from(format!("/{key}"))],
                )],
            ),
            ItemReader::S3Objects { bucket_arn, .. } => {
                PolicyStatement::allow(["s3:ListBucket"], [bucket_arn.clone()])
            }
        };
        crate::stepfunctions::grants::add_statement(&mut self.0.statements, statement);
        self.1.item_reader = Some(reader);
        self
    }

    /// `ResultWriter` (distributed): the results to S3 under a prefix; grants what writing
    /// them needs on that prefix.
    pub fn result_writer(mut self, writer: ResultWriter) -> Self {
        crate::stepfunctions::grants::add_statement(
            &mut self.0.statements,
            PolicyStatement::allow(
                [
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload",
                ],
                [Expr::join(
                    "",
                    [
                        writer.bucket_arn.clone(),
                        Expr::from(format!("/{}*", writer.prefix)),
                    ],
                )],
            ),
        );
        self.1.result_writer = Some(writer);
        self
    }

    /// `ItemBatcher` (distributed).
    pub fn item_batcher(mut self, batcher: ItemBatcher) -> Self {
        self.1.item_batcher = Some(batcher);
        self
    }

    /// `Label` of the map run (distributed).
    pub fn label(mut self, label: &str) -> Self {
        self.1.label = Some(label.to_string());
        self
    }
}

io_methods!(Map);
result_methods!(Map);
error_methods!(Map);
jsonata_methods!(Map);

impl From<Map> for Chain {
    fn from(m: Map) -> Chain {
        let Map(mut builder, def, processor) = m;
        crate::stepfunctions::grants::add_statements(
            &mut builder.statements,
            processor.statements.iter().cloned(),
        );
        // `Parameters` of a Map is the legacy name of `ItemSelector`.
        builder.def.kind = StateKind::Map(Box::new(def));
        let mut chain = builder.into_chain(true);
        chain.errors.extend(processor.errors);
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stepfunctions::{Goto, ItemBatcher, Pass, Succeed};

    fn bucket() -> (Expr, Expr) {
        (
            Expr::from("inbox"),
            Expr::sub(
                "arn:${AWS::Partition}:s3:::inbox",
                Vec::<(String, Expr)>::new(),
            ),
        )
    }

    #[test]
    fn distributed_fields_and_their_grants() {
        let (name, arn) = bucket();
        let map = Map::new("All", Pass::new("One"))
            .distributed(ChildExecutionType::Standard)
            .item_reader(ItemReader::S3Object {
                bucket: name.clone(),
                bucket_arn: arn.clone(),
                key: "in.csv".into(),
                input_type: "CSV",
            })
            .result_writer(ResultWriter {
                bucket: name.clone(),
                bucket_arn: arn.clone(),
                prefix: "out".into(),
            })
            .item_batcher(ItemBatcher {
                max_items_per_batch: Some(10),
                max_input_bytes_per_batch: None,
                batch_input: None,
            })
            .tolerated_failure_count(2)
            .label("nightly");
        let chain = Chain::start(map);
        assert!(chain.validate().is_empty(), "{:?}", chain.validate());
        let state = chain.to_definition().states["All"].to_expr();
        let fields = state.as_map().unwrap();
        let processor = fields["ItemProcessor"].as_map().unwrap();
        assert_eq!(
            processor["ProcessorConfig"].to_literal_json().unwrap(),
            serde_json::json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})
        );
        let reader = fields["ItemReader"].as_map().unwrap();
        assert_eq!(
            reader["Resource"],
            crate::stepfunctions::integration_arn("s3:getObject")
        );
        assert_eq!(
            reader["ReaderConfig"].to_literal_json().unwrap(),
            serde_json::json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})
        );
        assert_eq!(
            fields["ItemBatcher"].to_literal_json().unwrap(),
            serde_json::json!({"MaxItemsPerBatch": 10})
        );
        assert_eq!(fields["ToleratedFailureCount"], Expr::from(2));
        assert_eq!(fields["Label"], Expr::from("nightly"));
        let actions: Vec<Vec<String>> = chain
            .statements()
            .iter()
            .map(|s| s.actions.clone())
            .collect();
        assert_eq!(
            actions,
            [
                vec!["s3:GetObject".to_string()],
                [
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload"
                ]
                .map(String::from)
                .to_vec()
            ]
        );
    }

    #[test]
    fn an_iterator_is_self_contained_and_names_are_unique_machine_wide() {
        let leaks = Chain::start(Map::new(
            "M",
            Chain::start(Pass::new("In")).next(Goto::state("After")),
        ))
        .next(Succeed::new("After"));
        let errors: Vec<String> = leaks.validate().iter().map(ToString::to_string).collect();
        assert!(errors.iter().any(|e| e.contains("state 'In': its transition to 'After' leads to a state that does not exist in its branch of Map 'M'")), "{errors:?}");
        let twice = Chain::start(Pass::new("Same")).next(Map::new("M", Pass::new("Same")));
        assert!(twice
            .validate()
            .iter()
            .any(|e| e.state == "Same" && e.message.contains("unique in the whole state machine")));
        let batcher_without_limit = Chain::start(
            Map::new("M", Pass::new("P"))
                .distributed(ChildExecutionType::Express)
                .item_batcher(ItemBatcher::default()),
        );
        assert!(batcher_without_limit.validate()[0]
            .message
            .contains("MaxItemsPerBatch"));
    }
}
