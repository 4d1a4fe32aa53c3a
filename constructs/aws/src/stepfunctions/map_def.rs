//! [`MapDef`]: what a Map state holds (inline or distributed).

use cdk_core::Expr;

use super::definition::Definition;

/// How a Map runs its iterations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MapMode {
    /// In the parent execution (up to 40 at once; history shared with the parent).
    Inline,
    /// As child workflow executions, each its own Standard or Express execution.
    Distributed(ChildExecutionType),
}

/// The type of the child executions of a distributed Map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChildExecutionType {
    /// `STANDARD`.
    Standard,
    /// `EXPRESS`.
    Express,
}

/// Where a distributed Map reads its items.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ItemReader {
    /// One S3 object: a JSON array, CSV (header in the first row), JSON Lines, or an S3
    /// inventory manifest.
    S3Object {
        /// The bucket's name.
        bucket: Expr,
        /// The bucket's ARN (for the grant).
        bucket_arn: Expr,
        /// The object's key.
        key: String,
        /// `JSON`, `CSV`, `JSONL` or `MANIFEST`.
        input_type: &'static str,
    },
    /// The objects listed under a prefix (`ListObjectsV2`).
    S3Objects {
        /// The bucket's name.
        bucket: Expr,
        /// The bucket's ARN (for the grant).
        bucket_arn: Expr,
        /// The prefix.
        prefix: String,
    },
}

/// Where a distributed Map writes its results.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultWriter {
    /// The bucket's name.
    pub bucket: Expr,
    /// The bucket's ARN (for the grant).
    pub bucket_arn: Expr,
    /// The key prefix.
    pub prefix: String,
}

/// How a distributed Map batches items: each child gets `{"Items": [...], "BatchInput": ...}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch`.
    pub max_items_per_batch: Option<u32>,
    /// `MaxInputBytesPerBatch`.
    pub max_input_bytes_per_batch: Option<u32>,
    /// `BatchInput`, given to every batch.
    pub batch_input: Option<Expr>,
}

/// A Map state's own fields.
#[derive(Clone, Debug, PartialEq)]
pub struct MapDef {
    /// The states run for each item (self-contained, like a Parallel branch).
    pub processor: Definition,
    /// Inline or distributed.
    pub mode: MapMode,
    /// `ItemsPath` (JSONPath).
    pub items_path: Option<String>,
    /// `Items` (JSONata: an array or an expression).
    pub items: Option<Expr>,
    /// `ItemSelector`: each iteration's input, with `$$.Map.Item.Value` and `.Index`.
    pub item_selector: Option<Expr>,
    /// `MaxConcurrency` (0 or absent: as many as possible).
    pub max_concurrency: Option<u32>,
    /// `ToleratedFailurePercentage` (distributed only).
    pub tolerated_failure_percentage: Option<f64>,
    /// `ToleratedFailureCount` (distributed only).
    pub tolerated_failure_count: Option<u32>,
    /// `ItemReader` (distributed only).
    pub item_reader: Option<ItemReader>,
    /// `ResultWriter` (distributed only).
    pub result_writer: Option<ResultWriter>,
    /// `ItemBatcher` (distributed only).
    pub item_batcher: Option<ItemBatcher>,
    /// `Label` of the map run (distributed only).
    pub label: Option<String>,
}

impl MapDef {
    pub(crate) fn to_fields(&self, m: &mut Vec<(&'static str, Expr)>) {
        let mut processor = self.processor.to_expr();
        let config = match self.mode {
            MapMode::Inline => Expr::map([("Mode", Expr::from("INLINE"))]),
            MapMode::Distributed(t) => Expr::map([
                ("Mode", Expr::from("DISTRIBUTED")),
                (
                    "ExecutionType",
                    Expr::from(match t {
                        ChildExecutionType::Standard => "STANDARD",
                        ChildExecutionType::Express => "EXPRESS",
                    }),
                ),
            ]),
        };
        if let Some(p) = processor.as_map_mut() {
            p.shift_insert(0, "ProcessorConfig".into(), config);
        }
        m.push(("ItemProcessor", processor));
        if let Some(reader) = &self.item_reader {
            m.push((
                "ItemReader",
                match reader {
                    ItemReader::S3Object {
                        bucket,
                        key,
                        input_type,
                        ..
                    } => {
                        let mut config = vec![("InputType", Expr::from(*input_type))];
                        if *input_type == "CSV" {
                            config.push(("CSVHeaderLocation", Expr::from("FIRST_ROW")));
                        }
                        Expr::map([
                            ("Resource", super::arn::integration_arn("s3:getObject")),
                            ("ReaderConfig", Expr::map(config)),
                            (
                                "Parameters",
                                Expr::map([
                                    ("Bucket", bucket.clone()),
                                    ("Key", Expr::from(key.as_str())),
                                ]),
                            ),
                        ])
                    }
                    ItemReader::S3Objects { bucket, prefix, .. } => Expr::map([
                        ("Resource", super::arn::integration_arn("s3:listObjectsV2")),
                        (
                            "Parameters",
                            Expr::map([
                                ("Bucket", bucket.clone()),
                                ("Prefix", Expr::from(prefix.as_str())),
                            ]),
                        ),
                    ]),
                },
            ));
        }
        if let Some(p) = &self.items_path {
            m.push(("ItemsPath", p.as_str().into()));
        }
        if let Some(i) = &self.items {
            m.push(("Items", i.clone()));
        }
        if let Some(s) = &self.item_selector {
            m.push(("ItemSelector", s.clone()));
        }
        if let Some(b) = &self.item_batcher {
            let mut f = Vec::new();
            if let Some(n) = b.max_items_per_batch {
                f.push(("MaxItemsPerBatch", Expr::from(n)));
            }
            if let Some(n) = b.max_input_bytes_per_batch {
                f.push(("MaxInputBytesPerBatch", Expr::from(n)));
            }
            if let Some(i) = &b.batch_input {
                f.push(("BatchInput", i.clone()));
            }
            m.push(("ItemBatcher", Expr::map(f)));
        }
        if let Some(n) = self.max_concurrency {
            m.push(("MaxConcurrency", n.into()));
        }
        if let Some(p) = self.tolerated_failure_percentage {
            m.push(("ToleratedFailurePercentage", super::retry::number(p)));
        }
        if let Some(n) = self.tolerated_failure_count {
            m.push(("ToleratedFailureCount", n.into()));
        }
        if let Some(w) = &self.result_writer {
            m.push((
                "ResultWriter",
                Expr::map([
                    ("Resource", super::arn::integration_arn("s3:putObject")),
                    (
                        "Parameters",
                        Expr::map([
                            ("Bucket", w.bucket.clone()),
                            ("Prefix", Expr::from(w.prefix.as_str())),
                        ]),
                    ),
                ]),
            ));
        }
        if let Some(l) = &self.label {
            m.push(("Label", l.as_str().into()));
        }
    }

    /// Problems of the Map's own fields (the processor is checked as a scope of its own).
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let distributed = matches!(self.mode, MapMode::Distributed(_));
        let only = |field: &str| {
            format!("{field} is only valid in a distributed Map (MapMode::Distributed)")
        };
        if !distributed {
            if self.tolerated_failure_percentage.is_some() {
                out.push(only("ToleratedFailurePercentage"));
            }
            if self.tolerated_failure_count.is_some() {
                out.push(only("ToleratedFailureCount"));
            }
            if self.item_reader.is_some() {
                out.push(only("ItemReader"));
            }
            if self.result_writer.is_some() {
                out.push(only("ResultWriter"));
            }
            if self.item_batcher.is_some() {
                out.push(only("ItemBatcher"));
            }
            if self.label.is_some() {
                out.push(only("Label"));
            }
        }
        if let Some(p) = self.tolerated_failure_percentage {
            if !(0.0..=100.0).contains(&p) {
                out.push(format!(
                    "ToleratedFailurePercentage must be between 0 and 100, not {p}"
                ));
            }
        }
        if let Some(l) = &self.label {
            if l.chars().count() > 40
                || l.chars()
                    .any(|c| c.is_whitespace() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c))
            {
                out.push(format!("Label {l:?} must be at most 40 characters, without whitespace or special characters"));
            }
        }
        if self.item_reader.is_some() && (self.items_path.is_some() || self.items.is_some()) {
            out.push("a Map reads its items from ItemReader or from the input (ItemsPath/Items), not both".into());
        }
        if let Some(b) = &self.item_batcher {
            if b.max_items_per_batch.is_none() && b.max_input_bytes_per_batch.is_none() {
                out.push("ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch".into());
            }
        }
        if let Some(p) = &self.items_path {
            if let Err(e) = super::jsonpath::check_reference_path(p) {
                out.push(format!("ItemsPath: {e}"));
            }
        }
        out
    }
}
