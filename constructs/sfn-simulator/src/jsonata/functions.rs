//! The JSONata function library the simulator implements: the standard functions `$sum`,
//! `$count`, `$max`, `$min`, `$average`, `$string`, `$number`, `$boolean`, `$not`, `$exists`,
//! `$length`, `$substring`, `$substringBefore`, `$substringAfter`, `$uppercase`,
//! `$lowercase`, `$trim`, `$pad`, `$contains`, `$split`, `$join`, `$replace`, `$match`,
//! `$append`, `$reverse`, `$sort`, `$distinct`, `$shuffle`, `$zip`, `$keys`, `$lookup`,
//! `$merge`, `$spread`, `$each`, `$sift`, `$map`, `$filter`, `$single`, `$reduce`, `$round`,
//! `$floor`, `$ceil`, `$abs`, `$power`, `$sqrt`, `$random`, `$now`, `$millis`, `$toMillis`,
//! `$fromMillis`, `$type`, `$assert`, `$error`, `$base64encode`, `$base64decode`; and Step
//! Functions' `$partition`, `$range`, `$hash`, `$uuid`, `$parse`.

use std::rc::Rc;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::eval::{arity, call, compare_values, json_eq, Ctx};
use super::value::{number, stringify, Function, JValue};

const NAMES: [&str; 62] = [
    "sum",
    "count",
    "max",
    "min",
    "average",
    "string",
    "number",
    "boolean",
    "not",
    "exists",
    "length",
    "substring",
    "substringBefore",
    "substringAfter",
    "uppercase",
    "lowercase",
    "trim",
    "pad",
    "contains",
    "split",
    "join",
    "replace",
    "match",
    "append",
    "reverse",
    "sort",
    "distinct",
    "shuffle",
    "zip",
    "keys",
    "lookup",
    "merge",
    "spread",
    "each",
    "sift",
    "map",
    "filter",
    "single",
    "reduce",
    "round",
    "floor",
    "ceil",
    "abs",
    "power",
    "sqrt",
    "random",
    "now",
    "millis",
    "toMillis",
    "fromMillis",
    "type",
    "assert",
    "error",
    "base64encode",
    "base64decode",
    "partition",
    "range",
    "hash",
    "uuid",
    "parse",
    "values",
    "eval",
];

/// True when `name` (without `$`) is a library function.
pub fn exists(name: &str) -> bool {
    NAMES.contains(&name) && name != "values" && name != "eval"
}

fn json(v: &JValue) -> Result<Option<Value>, String> {
    v.to_json()
}

fn arg(args: &[JValue], i: usize) -> JValue {
    args.get(i).cloned().unwrap_or(JValue::Undefined)
}

fn num_arg(args: &[JValue], i: usize, f: &str) -> Result<Option<f64>, String> {
    match arg(args, i) {
        JValue::Undefined => Ok(None),
        JValue::Json(Value::Number(n)) => Ok(n.as_f64()),
        other => Err(format!(
            "${f}: argument {} must be a number, got {}",
            i + 1,
            show(&other)
        )),
    }
}

fn str_arg(args: &[JValue], i: usize, f: &str) -> Result<Option<String>, String> {
    match arg(args, i) {
        JValue::Undefined => Ok(None),
        JValue::Json(Value::String(s)) => Ok(Some(s)),
        other => Err(format!(
            "${f}: argument {} must be a string, got {}",
            i + 1,
            show(&other)
        )),
    }
}

fn show(v: &JValue) -> String {
    match v.to_json() {
        Ok(Some(j)) => j.to_string(),
        Ok(None) => "undefined".into(),
        Err(_) => "a function".into(),
    }
}

fn ok(v: Value) -> Result<JValue, String> {
    Ok(JValue::Json(v))
}

fn numbers(v: &JValue, f: &str) -> Result<Vec<f64>, String> {
    v.items()
        .iter()
        .map(|x| {
            x.as_f64()
                .ok_or_else(|| format!("${f}: every item must be a number, got {x}"))
        })
        .collect()
}

fn func_arg(args: &[JValue], i: usize, f: &str) -> Result<Rc<Function>, String> {
    match arg(args, i) {
        JValue::Func(func) => Ok(func),
        other => Err(format!(
            "${f}: argument {} must be a function, got {}",
            i + 1,
            show(&other)
        )),
    }
}

fn call_with(
    func: &Rc<Function>,
    item: &Value,
    i: usize,
    all: &[Value],
    input: &JValue,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    let mut a = vec![JValue::Json(item.clone())];
    let n = arity(func);
    if n >= 2 {
        a.push(JValue::Json(Value::from(i)));
    }
    if n >= 3 {
        a.push(JValue::Json(Value::Array(all.to_vec())));
    }
    call(func, a, input, ctx)
}

/// Calls the library function `name` (without `$`).
pub(super) fn call_builtin(
    name: &str,
    args: Vec<JValue>,
    input: &JValue,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    let a = &args;
    let first_undefined = arg(a, 0).is_undefined();
    match name {
        "sum" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            ok(number(numbers(&a[0], name)?.iter().sum())?)
        }
        "count" => ok(Value::from(arg(a, 0).items().len())),
        "max" | "min" | "average" => {
            let ns = numbers(&arg(a, 0), name)?;
            if ns.is_empty() {
                return Ok(JValue::Undefined);
            }
            let v = match name {
                "max" => ns.iter().copied().fold(f64::MIN, f64::max),
                "min" => ns.iter().copied().fold(f64::MAX, f64::min),
                _ => ns.iter().sum::<f64>() / ns.len() as f64,
            };
            ok(number(v)?)
        }
        "string" => {
            let v = if a.is_empty() {
                input.clone()
            } else {
                arg(a, 0)
            };
            match json(&v)? {
                None => Ok(JValue::Undefined),
                Some(j) => ok(Value::String(stringify(&j))),
            }
        }
        "number" => match json(&arg(a, 0))? {
            None => Ok(JValue::Undefined),
            Some(Value::Number(n)) => ok(Value::Number(n)),
            Some(Value::Bool(b)) => ok(Value::from(b as i64)),
            Some(Value::String(s)) => {
                let t = s.trim();
                let parsed = if let Some(h) = t.strip_prefix("0x") {
                    i64::from_str_radix(h, 16).ok().map(|v| v as f64)
                } else {
                    t.parse::<f64>().ok()
                };
                match parsed {
                    Some(f) => ok(number(f)?),
                    None => Err(format!("$number: cannot cast {s:?} to a number")),
                }
            }
            Some(other) => Err(format!("$number: cannot cast {other} to a number")),
        },
        "boolean" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            ok(Value::Bool(arg(a, 0).truthy()))
        }
        "not" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            ok(Value::Bool(!arg(a, 0).truthy()))
        }
        "exists" => ok(Value::Bool(!first_undefined)),
        "length" => match str_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(s) => ok(Value::from(s.chars().count())),
        },
        "substring" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let chars: Vec<char> = s.chars().collect();
            let len = chars.len() as i64;
            let mut start = num_arg(a, 1, name)?.unwrap_or(0.0) as i64;
            if start < 0 {
                start = (len + start).max(0)
            }
            let start = start.min(len) as usize;
            let end = match num_arg(a, 2, name)? {
                Some(l) => (start as i64 + (l as i64).max(0)).min(len) as usize,
                None => len as usize,
            };
            ok(Value::String(chars[start..end.max(start)].iter().collect()))
        }
        "substringBefore" | "substringAfter" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let chars = str_arg(a, 1, name)?.unwrap_or_default();
            ok(Value::String(match s.find(&chars) {
                Some(i) if name == "substringBefore" => s[..i].to_string(),
                Some(i) => s[i + chars.len()..].to_string(),
                None => s,
            }))
        }
        "uppercase" | "lowercase" | "trim" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            ok(Value::String(match name {
                "uppercase" => s.to_uppercase(),
                "lowercase" => s.to_lowercase(),
                _ => s.split_whitespace().collect::<Vec<_>>().join(" "),
            }))
        }
        "pad" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let width = num_arg(a, 1, name)?.unwrap_or(0.0) as i64;
            let fill = str_arg(a, 2, name)?
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| " ".into());
            let len = s.chars().count() as i64;
            let missing = (width.abs() - len).max(0) as usize;
            let padding: String = fill.chars().cycle().take(missing).collect();
            ok(Value::String(if width >= 0 {
                s + &padding
            } else {
                padding + &s
            }))
        }
        "contains" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            ok(Value::Bool(match arg(a, 1) {
                JValue::Regex(r) => r.is_match(&s),
                JValue::Json(Value::String(p)) => s.contains(&p),
                other => {
                    return Err(format!(
                        "$contains: the pattern must be a string or a regular expression, got {}",
                        show(&other)
                    ))
                }
            }))
        }
        "split" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let mut parts: Vec<Value> = match arg(a, 1) {
                JValue::Regex(r) => r.split(&s).map(|p| Value::String(p.to_string())).collect(),
                JValue::Json(Value::String(p)) if p.is_empty() => {
                    s.chars().map(|c| Value::String(c.to_string())).collect()
                }
                JValue::Json(Value::String(p)) => s
                    .split(p.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
                other => {
                    return Err(format!(
                        "$split: the separator must be a string or a regular expression, got {}",
                        show(&other)
                    ))
                }
            };
            if let Some(limit) = num_arg(a, 2, name)? {
                parts.truncate(limit.max(0.0) as usize);
            }
            ok(Value::Array(parts))
        }
        "join" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let sep = str_arg(a, 1, name)?.unwrap_or_default();
            let items: Result<Vec<String>, String> = arg(a, 0)
                .items()
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    other => Err(format!("$join: every item must be a string, got {other}")),
                })
                .collect();
            ok(Value::String(items?.join(&sep)))
        }
        "replace" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let Some(replacement) = str_arg(a, 2, name)? else {
                return Err("$replace: the replacement must be a string".into());
            };
            let limit = num_arg(a, 3, name)?.map(|l| l.max(0.0) as usize);
            ok(Value::String(match arg(a, 1) {
                JValue::Regex(r) => {
                    let rep = replacement.replace("$0", "${0}");
                    match limit {
                        Some(n) => r.replacen(&s, n, rep.as_str()).into_owned(),
                        None => r.replace_all(&s, rep.as_str()).into_owned(),
                    }
                }
                JValue::Json(Value::String(p)) if !p.is_empty() => match limit {
                    Some(n) => s.replacen(&p, &replacement, n),
                    None => s.replace(&p, &replacement),
                },
                other => return Err(format!("$replace: the pattern must be a non-empty string or a regular expression, got {}", show(&other))),
            }))
        }
        "match" => {
            let Some(s) = str_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let JValue::Regex(r) = arg(a, 1) else {
                return Err("$match: the pattern must be a regular expression".into());
            };
            let limit = num_arg(a, 2, name)?.map_or(usize::MAX, |l| l.max(0.0) as usize);
            let out: Vec<Value> = r
                .captures_iter(&s)
                .take(limit)
                .map(|c| {
                    let m = c.get(0).map_or("", |m| m.as_str());
                    let index = c.get(0).map_or(0, |m| s[..m.start()].chars().count());
                    let groups: Vec<Value> = c
                        .iter()
                        .skip(1)
                        .map(|g| Value::String(g.map_or("", |g| g.as_str()).to_string()))
                        .collect();
                    serde_json::json!({"match": m, "index": index, "groups": groups})
                })
                .collect();
            Ok(JValue::from_seq(out, false))
        }
        "append" => {
            let (x, y) = (arg(a, 0), arg(a, 1));
            if x.is_undefined() {
                return Ok(y);
            }
            if y.is_undefined() {
                return Ok(x);
            }
            let mut out = x.items();
            out.extend(y.items());
            ok(Value::Array(out))
        }
        "reverse" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let mut items = arg(a, 0).items();
            items.reverse();
            ok(Value::Array(items))
        }
        "sort" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let mut items = arg(a, 0).items();
            match arg(a, 1) {
                JValue::Func(f) => {
                    // Insertion sort with the user's "greater than" function (stable).
                    let mut sorted: Vec<Value> = Vec::new();
                    for item in items {
                        let mut pos = sorted.len();
                        for (i, existing) in sorted.iter().enumerate() {
                            let gt = call(
                                &f,
                                vec![JValue::Json(existing.clone()), JValue::Json(item.clone())],
                                input,
                                ctx,
                            )?
                            .truthy();
                            if gt {
                                pos = i;
                                break;
                            }
                        }
                        sorted.insert(pos, item);
                    }
                    ok(Value::Array(sorted))
                }
                _ => {
                    let mut failure = None;
                    items.sort_by(|x, y| {
                        compare_values(Some(x), Some(y)).unwrap_or_else(|e| {
                            failure.get_or_insert(e);
                            std::cmp::Ordering::Equal
                        })
                    });
                    match failure {
                        Some(e) => Err(format!("$sort: {e}")),
                        None => ok(Value::Array(items)),
                    }
                }
            }
        }
        "distinct" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let mut out: Vec<Value> = Vec::new();
            for v in arg(a, 0).items() {
                if !out.iter().any(|o| json_eq(Some(o), Some(&v))) {
                    out.push(v);
                }
            }
            ok(Value::Array(out))
        }
        "shuffle" => {
            let mut items = arg(a, 0).items();
            for i in (1..items.len()).rev() {
                let j = (ctx.rng.next_u64() % (i as u64 + 1)) as usize;
                items.swap(i, j);
            }
            ok(Value::Array(items))
        }
        "zip" => {
            let lists: Vec<Vec<Value>> = a.iter().map(JValue::items).collect();
            let n = lists.iter().map(Vec::len).min().unwrap_or(0);
            ok(Value::Array(
                (0..n)
                    .map(|i| Value::Array(lists.iter().map(|l| l[i].clone()).collect()))
                    .collect(),
            ))
        }
        "keys" => {
            let mut keys: Vec<Value> = Vec::new();
            for v in arg(a, 0).items() {
                if let Value::Object(m) = v {
                    for k in m.keys() {
                        let k = Value::String(k.clone());
                        if !keys.contains(&k) {
                            keys.push(k);
                        }
                    }
                }
            }
            Ok(JValue::from_seq(keys, false))
        }
        "lookup" => {
            let key = str_arg(a, 1, name)?.unwrap_or_default();
            let found: Vec<Value> = arg(a, 0)
                .items()
                .into_iter()
                .filter_map(|v| v.get(&key).cloned())
                .collect();
            Ok(JValue::from_seq(found, false))
        }
        "merge" => {
            let mut m = Map::new();
            for v in arg(a, 0).items() {
                if let Value::Object(o) = v {
                    m.extend(o);
                }
            }
            ok(Value::Object(m))
        }
        "spread" => {
            let mut out = Vec::new();
            for v in arg(a, 0).items() {
                match v {
                    Value::Object(o) => out.extend(o.into_iter().map(|(k, v)| {
                        let mut one = Map::new();
                        one.insert(k, v);
                        Value::Object(one)
                    })),
                    other => out.push(other),
                }
            }
            Ok(JValue::from_seq(out, false))
        }
        "each" | "sift" => {
            let JValue::Json(Value::Object(o)) = arg(a, 0) else {
                return Ok(JValue::Undefined);
            };
            let f = func_arg(a, 1, name)?;
            let n = arity(&f);
            let mut list = Vec::new();
            let mut kept = Map::new();
            for (k, v) in &o {
                let mut fa = vec![JValue::Json(v.clone())];
                if n >= 2 {
                    fa.push(JValue::Json(Value::String(k.clone())))
                }
                if n >= 3 {
                    fa.push(JValue::Json(Value::Object(o.clone())))
                }
                let r = call(&f, fa, input, ctx)?;
                if name == "each" {
                    if let Some(j) = r.to_json()? {
                        list.push(j)
                    }
                } else if r.truthy() {
                    kept.insert(k.clone(), v.clone());
                }
            }
            if name == "each" {
                Ok(JValue::from_seq(list, false))
            } else if kept.is_empty() {
                Ok(JValue::Undefined)
            } else {
                ok(Value::Object(kept))
            }
        }
        "map" | "filter" | "single" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let items = arg(a, 0).items();
            let f = func_arg(a, 1, name)?;
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let r = call_with(&f, item, i, &items, input, ctx)?;
                match name {
                    "map" => {
                        if let Some(j) = r.to_json()? {
                            out.push(j)
                        }
                    }
                    _ => {
                        if r.truthy() {
                            out.push(item.clone())
                        }
                    }
                }
            }
            if name == "single" {
                return match out.len() {
                    1 => ok(out.remove(0)),
                    n => Err(format!(
                        "$single: expected exactly one matching value, found {n}"
                    )),
                };
            }
            Ok(JValue::from_seq(out, false))
        }
        "reduce" => {
            if first_undefined {
                return Ok(JValue::Undefined);
            }
            let items = arg(a, 0).items();
            let f = func_arg(a, 1, name)?;
            let mut iter = items.iter().cloned();
            let mut acc = match arg(a, 2) {
                JValue::Undefined => match iter.next() {
                    Some(v) => JValue::Json(v),
                    None => return Ok(JValue::Undefined),
                },
                init => init,
            };
            for item in iter {
                acc = call(&f, vec![acc, JValue::Json(item)], input, ctx)?;
            }
            Ok(acc)
        }
        "round" => {
            let Some(x) = num_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            let p = num_arg(a, 1, name)?.unwrap_or(0.0) as i32;
            let scaled = x * 10f64.powi(p);
            // Round half to even, as JSONata does.
            let r = scaled.round();
            let r = if (scaled - scaled.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
                r - scaled.signum()
            } else {
                r
            };
            ok(number(r / 10f64.powi(p))?)
        }
        "floor" | "ceil" | "abs" | "sqrt" => {
            let Some(x) = num_arg(a, 0, name)? else {
                return Ok(JValue::Undefined);
            };
            if name == "sqrt" && x < 0.0 {
                return Err("$sqrt: the argument must not be negative".into());
            }
            ok(number(match name {
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                "abs" => x.abs(),
                _ => x.sqrt(),
            })?)
        }
        "power" => {
            let (Some(x), Some(y)) = (num_arg(a, 0, name)?, num_arg(a, 1, name)?) else {
                return Ok(JValue::Undefined);
            };
            ok(number(x.powf(y))?)
        }
        "random" => {
            let r = match num_arg(a, 0, name)? {
                Some(seed) => crate::rng::Rng::new(seed as u64).next_f64(),
                None => ctx.rng.next_f64(),
            };
            ok(number(r)?)
        }
        "now" => ok(Value::String(crate::clock::format(ctx.now_ms))),
        "millis" => ok(Value::from(ctx.now_ms)),
        "toMillis" => match str_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(s) => crate::clock::parse(&s)
                .map(|ms| JValue::Json(Value::from(ms)))
                .ok_or_else(|| format!("$toMillis: {s:?} is not an ISO-8601 timestamp")),
        },
        "fromMillis" => match num_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(ms) => ok(Value::String(crate::clock::format(ms as i64))),
        },
        "type" => Ok(match arg(a, 0) {
            JValue::Undefined => JValue::Undefined,
            JValue::Func(_) | JValue::Regex(_) => JValue::Json(Value::String("function".into())),
            JValue::Seq(_) => JValue::Json(Value::String("array".into())),
            JValue::Json(v) => JValue::Json(Value::String(
                match v {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                }
                .into(),
            )),
        }),
        "assert" => {
            if arg(a, 0).truthy() {
                Ok(JValue::Undefined)
            } else {
                Err(str_arg(a, 1, name)?.unwrap_or_else(|| "$assert() statement failed".into()))
            }
        }
        "error" => {
            Err(str_arg(a, 0, name)?.unwrap_or_else(|| "$error() function evaluated".into()))
        }
        "base64encode" => match str_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(s) => ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(s),
            )),
        },
        "base64decode" => match str_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(s) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(s)
                    .map_err(|e| format!("$base64decode: {e}"))?;
                ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
            }
        },
        // Step Functions' own functions.
        "partition" => {
            let items = arg(a, 0).items();
            let size = num_arg(a, 1, name)?.unwrap_or(0.0);
            if size < 1.0 {
                return Err("$partition: the chunk size must be at least 1".into());
            }
            ok(Value::Array(
                items
                    .chunks(size as usize)
                    .map(|c| Value::Array(c.to_vec()))
                    .collect(),
            ))
        }
        "range" => {
            let (Some(s), Some(e), Some(st)) = (
                num_arg(a, 0, name)?,
                num_arg(a, 1, name)?,
                num_arg(a, 2, name)?,
            ) else {
                return Err("$range takes a start, an end and a step".into());
            };
            if st == 0.0 {
                return Err("$range: the step cannot be 0".into());
            }
            let mut out = Vec::new();
            let mut x = s;
            while (st > 0.0 && x <= e) || (st < 0.0 && x >= e) {
                out.push(number(x)?);
                if out.len() > 1000 {
                    return Err("$range: more than 1000 items".into());
                }
                x += st;
            }
            ok(Value::Array(out))
        }
        "hash" => {
            let data = match json(&arg(a, 0))? {
                Some(Value::String(s)) => s,
                Some(other) => other.to_string(),
                None => return Ok(JValue::Undefined),
            };
            let alg = str_arg(a, 1, name)?.unwrap_or_default();
            crate::intrinsics::hash_text(&data, &alg).map(|h| JValue::Json(Value::String(h)))
        }
        "uuid" => ok(Value::String(ctx.rng.uuid())),
        "parse" => match str_arg(a, 0, name)? {
            None => Ok(JValue::Undefined),
            Some(s) => serde_json::from_str(&s)
                .map(JValue::Json)
                .map_err(|e| format!("$parse: not JSON: {e}")),
        },
        other => Err(format!("${other} is not a function the simulator knows")),
    }
}
