//! The Map state, inline and distributed: items from `ItemsPath`/`Items` (or, for an
//! `ItemReader`, from the state's mocked response), `ItemSelector`, `ItemBatcher`,
//! `MaxConcurrency` on the virtual clock (iterations take the earliest free slot), tolerated
//! failures and `ResultWriter`.

use serde_json::{Map, Value};

use crate::engine::{Done, Frame, Run};
use crate::error::SimError;
use crate::history::EventKind;
use crate::mock::MockedResponse;
use crate::parallel::scoped;
use crate::query::{states_var, Data, Failure, Lang};

fn number_field(
    state: &Value,
    name: &str,
    data: &Data<'_>,
    effective: &Value,
) -> Result<Option<f64>, Failure> {
    if let Some(v) = state.get(name) {
        return Ok(v.as_f64());
    }
    if let Some(Value::String(p)) = state.get(format!("{name}Path")) {
        return data
            .path(&format!("{name}Path"), p, effective)
            .map(|v| v.as_f64());
    }
    Ok(None)
}

impl Run<'_> {
    /// One attempt of a Map state.
    pub(crate) fn map(
        &mut self,
        name: &str,
        state: &Value,
        raw: &Value,
        frame: &mut Frame,
        lang: Lang,
        context: &Value,
    ) -> Result<Result<Done, Failure>, SimError> {
        let processor = state
            .get("ItemProcessor")
            .or_else(|| state.get("Iterator"))
            .ok_or_else(|| {
                SimError::Definition(format!("state '{name}': a Map needs an ItemProcessor"))
            })?;
        let distributed = processor
            .pointer("/ProcessorConfig/Mode")
            .and_then(Value::as_str)
            == Some("DISTRIBUTED");
        let vars = frame.vars.clone();
        let data = Data {
            context,
            vars: &vars,
            now_ms: frame.clock,
        };
        let states = states_var(raw, context, None, None);
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(f) => return Ok(Err(f)),
                }
            };
        }
        let effective = match lang {
            Lang::JsonPath => tri!(data.filter("InputPath", state.get("InputPath"), raw.clone())),
            Lang::Jsonata => raw.clone(),
        };
        let items = if state.get("ItemReader").is_some() {
            match self.mocked(name)? {
                MockedResponse::Return(v) => v,
                MockedResponse::Throw { error, cause } => return Ok(Err(Failure { error, cause })),
            }
        } else {
            match lang {
                Lang::JsonPath => match state.get("ItemsPath").and_then(Value::as_str) {
                    Some(p) => tri!(data.path("ItemsPath", p, &effective)),
                    None => effective.clone(),
                },
                Lang::Jsonata => match state.get("Items") {
                    Some(i) => tri!(data.jsonata(i, &states, &mut self.rng)),
                    None => raw.clone(),
                },
            }
        };
        let Value::Array(items) = items else {
            return Ok(Err(Failure::runtime(format!(
                "An error occurred while executing the state '{name}'. The Map's items must be an array, got {items}"
            ))));
        };
        // Batches: each iteration gets {"Items": [...]} (and BatchInput).
        let items: Vec<Value> = match state.get("ItemBatcher") {
            Some(batcher) => {
                let size = batcher
                    .get("MaxItemsPerBatch")
                    .and_then(Value::as_u64)
                    .unwrap_or(items.len().max(1) as u64)
                    .max(1) as usize;
                items
                    .chunks(size)
                    .map(|chunk| {
                        let mut b = Map::new();
                        if let Some(input) = batcher.get("BatchInput") {
                            b.insert("BatchInput".into(), input.clone());
                        }
                        b.insert("Items".into(), Value::Array(chunk.to_vec()));
                        Value::Object(b)
                    })
                    .collect()
            }
            None => items,
        };
        let selector = state
            .get("ItemSelector")
            .or_else(|| state.get("Parameters"));
        let max =
            tri!(number_field(state, "MaxConcurrency", &data, &effective)).unwrap_or(0.0) as usize;
        let slots = if max == 0 {
            items.len().max(1)
        } else {
            max.min(items.len().max(1))
        };
        let mut lanes = vec![frame.clock; slots];
        let mut results = Vec::with_capacity(items.len());
        let mut failed = 0usize;
        let mut first_failure: Option<Failure> = None;
        let inner_lang = crate::engine::lang_of(processor, frame.lang);
        for (i, item) in items.iter().enumerate() {
            let map_item = serde_json::json!({"Index": i, "Value": item});
            let mut item_context = context.clone();
            if let Some(c) = item_context.as_object_mut() {
                c.insert("Map".into(), serde_json::json!({"Item": map_item}));
            }
            let item_input = match selector {
                None => item.clone(),
                Some(sel) => {
                    let d = Data {
                        context: &item_context,
                        vars: &vars,
                        now_ms: frame.clock,
                    };
                    match lang {
                        Lang::JsonPath => tri!(d.payload(sel, &effective, &mut self.rng)),
                        Lang::Jsonata => tri!(d.jsonata(
                            sel,
                            &states_var(raw, &item_context, None, None),
                            &mut self.rng
                        )),
                    }
                }
            };
            let lane = (0..lanes.len()).min_by_key(|&l| (lanes[l], l)).unwrap_or(0);
            let mut inner = Frame {
                clock: lanes[lane],
                vars: frame.vars.clone(),
                scope: scoped(&frame.scope, name, i),
                lang: inner_lang,
                map_item: Some(map_item),
            };
            self.record(
                &inner,
                EventKind::MapIterationStarted {
                    state: name.to_string(),
                    index: i,
                },
            );
            let outcome = self.run_states(processor, item_input, &mut inner)?;
            lanes[lane] = inner.clock;
            match outcome {
                Ok(v) => results.push(v),
                Err(f) if !distributed || self.timed_out => {
                    frame.clock = lanes.iter().copied().max().unwrap_or(frame.clock);
                    self.record(
                        frame,
                        EventKind::TaskFailed {
                            state: name.to_string(),
                            error: f.error.clone(),
                            cause: f.cause.clone(),
                        },
                    );
                    return Ok(Err(f));
                }
                Err(f) => {
                    failed += 1;
                    results.push(f.output());
                    first_failure.get_or_insert(f);
                }
            }
        }
        frame.clock = lanes.iter().copied().max().unwrap_or(frame.clock);
        if failed > 0 {
            let count = tri!(number_field(
                state,
                "ToleratedFailureCount",
                &data,
                &effective
            ));
            let pct = tri!(number_field(
                state,
                "ToleratedFailurePercentage",
                &data,
                &effective
            ));
            let total = items.len().max(1) as f64;
            let within = count.is_some_and(|c| failed as f64 <= c)
                || pct.is_some_and(|p| failed as f64 * 100.0 / total <= p);
            if !within {
                let f = Failure::new(
                    "States.ExceedToleratedFailureThreshold",
                    format!("The number of failed items ({failed} of {}) exceeds the tolerated failure threshold of the Map state '{name}'", items.len()),
                );
                self.record(
                    frame,
                    EventKind::TaskFailed {
                        state: name.to_string(),
                        error: f.error.clone(),
                        cause: f.cause.clone(),
                    },
                );
                return Ok(Err(f));
            }
        }
        let result = match state.get("ResultWriter") {
            Some(writer) => {
                let bucket = writer
                    .pointer("/Parameters/Bucket")
                    .or_else(|| writer.pointer("/Arguments/Bucket"))
                    .cloned()
                    .unwrap_or(Value::Null);
                let prefix = writer
                    .pointer("/Parameters/Prefix")
                    .or_else(|| writer.pointer("/Arguments/Prefix"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let run_id = self.rng.uuid();
                let map_run = format!(
                    "{}/{}:{}",
                    self.execution["Id"]
                        .as_str()
                        .unwrap_or("execution")
                        .replace(":execution:", ":mapRun:"),
                    name.replace(' ', "_"),
                    run_id
                );
                serde_json::json!({
                    "MapRunArn": map_run,
                    "ResultWriterDetails": {"Bucket": bucket, "Key": format!("{prefix}{}{run_id}/manifest.json", if prefix.is_empty() || prefix.ends_with('/') { "" } else { "/" })}
                })
            }
            None => Value::Array(results),
        };
        Ok(self.finish(state, raw, result, lang, context, frame))
    }
}
