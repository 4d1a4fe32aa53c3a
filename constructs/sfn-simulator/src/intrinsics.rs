//! The intrinsic functions of the States Language (`States.Format`, `States.StringToJson`,
//! `States.Array`, `States.MathAdd`, `States.UUID`, ...), parsed and evaluated. A failure is
//! the error `States.IntrinsicFailure`, as in Step Functions.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::jsonpath::{Path, Scope};
use crate::rng::Rng;

/// An argument of an intrinsic function call.
#[derive(Clone, Debug, PartialEq)]
enum Arg {
    Literal(Value),
    Path(String),
    Call(Call),
}

/// A call `States.Name(args...)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    name: String,
    args: Vec<Arg>,
}

/// True when a `.$` value is an intrinsic function call rather than a path.
pub fn is_call(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}

impl Call {
    /// Parses `States.Name(args...)`.
    pub fn parse(text: &str) -> Result<Call, String> {
        let chars: Vec<char> = text.trim().chars().collect();
        let mut i = 0;
        let call = parse_call(&chars, &mut i)?;
        skip_ws(&chars, &mut i);
        if i != chars.len() {
            return Err(format!("unexpected text after the call in {text:?}"));
        }
        Ok(call)
    }

    /// Evaluates the call.
    pub fn eval(&self, scope: &Scope<'_>, rng: &mut Rng) -> Result<Value, String> {
        let mut args = Vec::with_capacity(self.args.len());
        for a in &self.args {
            args.push(match a {
                Arg::Literal(v) => v.clone(),
                Arg::Path(p) => Path::parse(p)?
                    .eval(scope)
                    .map_err(|e| format!("{}: the path {p} has no value: {e}", self.name))?,
                Arg::Call(c) => c.eval(scope, rng)?,
            });
        }
        apply(&self.name, &args, rng).map_err(|e| format!("{}: {e}", self.name))
    }
}

fn skip_ws(c: &[char], i: &mut usize) {
    while *i < c.len() && c[*i].is_whitespace() {
        *i += 1;
    }
}

fn parse_call(c: &[char], i: &mut usize) -> Result<Call, String> {
    skip_ws(c, i);
    let start = *i;
    while *i < c.len() && (c[*i].is_ascii_alphanumeric() || c[*i] == '.') {
        *i += 1;
    }
    let name: String = c[start..*i].iter().collect();
    if !name.starts_with("States.") || name.len() == 7 {
        return Err(format!("{name:?} is not an intrinsic function name"));
    }
    skip_ws(c, i);
    if c.get(*i) != Some(&'(') {
        return Err(format!("'(' expected after {name}"));
    }
    *i += 1;
    let mut args = Vec::new();
    skip_ws(c, i);
    if c.get(*i) == Some(&')') {
        *i += 1;
        return Ok(Call { name, args });
    }
    loop {
        args.push(parse_arg(c, i)?);
        skip_ws(c, i);
        match c.get(*i) {
            Some(',') => *i += 1,
            Some(')') => {
                *i += 1;
                return Ok(Call { name, args });
            }
            _ => return Err(format!("',' or ')' expected in the arguments of {name}")),
        }
    }
}

fn parse_arg(c: &[char], i: &mut usize) -> Result<Arg, String> {
    skip_ws(c, i);
    match c.get(*i) {
        Some('\'') => {
            *i += 1;
            let mut s = String::new();
            while let Some(&ch) = c.get(*i) {
                *i += 1;
                match ch {
                    '\\' => {
                        let next = c.get(*i).copied().ok_or("unfinished escape")?;
                        *i += 1;
                        // `\{` and `\}` stay escaped for States.Format, which reads them.
                        if next == '{' || next == '}' {
                            s.push('\\');
                        }
                        s.push(next);
                    }
                    '\'' => return Ok(Arg::Literal(Value::String(s))),
                    _ => s.push(ch),
                }
            }
            Err("unclosed string literal".into())
        }
        Some('$') => {
            let start = *i;
            let mut depth = 0i32;
            let mut quote: Option<char> = None;
            while let Some(&ch) = c.get(*i) {
                match (quote, ch) {
                    (Some(q), ch) if ch == q => quote = None,
                    (Some(_), _) => {}
                    (None, '\'' | '"') if depth > 0 => quote = Some(ch),
                    (None, '[' | '(') => depth += 1,
                    (None, ']') => depth -= 1,
                    (None, ')') if depth > 0 => depth -= 1,
                    (None, ',' | ')') => break,
                    _ => {}
                }
                *i += 1;
            }
            Ok(Arg::Path(
                c[start..*i].iter().collect::<String>().trim().to_string(),
            ))
        }
        Some('S') => Ok(Arg::Call(parse_call(c, i)?)),
        Some(_) => {
            let start = *i;
            while *i < c.len() && !matches!(c[*i], ',' | ')') {
                *i += 1;
            }
            let word: String = c[start..*i].iter().collect::<String>().trim().to_string();
            match serde_json::from_str::<Value>(&word) {
                Ok(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => Ok(Arg::Literal(v)),
                _ => Err(format!("cannot read the argument {word:?}")),
            }
        }
        None => Err("the call ends too early".into()),
    }
}

fn int(v: &Value, what: &str) -> Result<i64, String> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .ok_or_else(|| format!("{what} must be an integer, got {n}")),
        other => Err(format!("{what} must be an integer, got {other}")),
    }
}

fn string<'a>(v: &'a Value, what: &str) -> Result<&'a str, String> {
    v.as_str()
        .ok_or_else(|| format!("{what} must be a string, got {v}"))
}

fn array<'a>(v: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} must be an array, got {v}"))
}

fn count(args: &[Value], n: std::ops::RangeInclusive<usize>) -> Result<(), String> {
    if n.contains(&args.len()) {
        Ok(())
    } else if n.start() == n.end() {
        Err(format!(
            "takes {} argument(s), got {}",
            n.start(),
            args.len()
        ))
    } else {
        Err(format!(
            "takes {} to {} arguments, got {}",
            n.start(),
            n.end(),
            args.len()
        ))
    }
}

fn apply(name: &str, a: &[Value], rng: &mut Rng) -> Result<Value, String> {
    match name {
        "States.Format" => {
            if a.is_empty() {
                return Err("needs a template".into());
            }
            let template = string(&a[0], "the template")?;
            let mut out = String::new();
            let mut next = 1;
            let mut chars = template.chars().peekable();
            while let Some(ch) = chars.next() {
                match ch {
                    '\\' => out.extend(chars.next()),
                    '{' if chars.peek() == Some(&'}') => {
                        chars.next();
                        let v = a.get(next).ok_or("more {} than arguments")?;
                        next += 1;
                        match v {
                            Value::String(s) => out.push_str(s),
                            Value::Array(_) | Value::Object(_) => {
                                return Err(
                                    "arguments must be strings, numbers, booleans or null".into()
                                )
                            }
                            other => out.push_str(&other.to_string()),
                        }
                    }
                    c => out.push(c),
                }
            }
            if next != a.len() {
                return Err("more arguments than {}".into());
            }
            Ok(Value::String(out))
        }
        "States.StringToJson" => {
            count(a, 1..=1)?;
            serde_json::from_str(string(&a[0], "the argument")?)
                .map_err(|e| format!("not JSON: {e}"))
        }
        "States.JsonToString" => {
            count(a, 1..=1)?;
            Ok(Value::String(a[0].to_string()))
        }
        "States.Array" => Ok(Value::Array(a.to_vec())),
        "States.ArrayPartition" => {
            count(a, 2..=2)?;
            let items = array(&a[0], "the array")?;
            let size = int(&a[1], "the chunk size")?;
            if size <= 0 {
                return Err("the chunk size must be positive".into());
            }
            Ok(Value::Array(
                items
                    .chunks(size as usize)
                    .map(|c| Value::Array(c.to_vec()))
                    .collect(),
            ))
        }
        "States.ArrayContains" => {
            count(a, 2..=2)?;
            Ok(Value::Bool(array(&a[0], "the array")?.contains(&a[1])))
        }
        "States.ArrayRange" => {
            count(a, 3..=3)?;
            let (from, to, by) = (
                int(&a[0], "start")?,
                int(&a[1], "end")?,
                int(&a[2], "step")?,
            );
            if by == 0 {
                return Err("the step cannot be 0".into());
            }
            let mut out = Vec::new();
            let mut i = from;
            while (by > 0 && i <= to) || (by < 0 && i >= to) {
                out.push(Value::from(i));
                if out.len() > 1000 {
                    return Err("the range has more than 1000 items".into());
                }
                i += by;
            }
            Ok(Value::Array(out))
        }
        "States.ArrayGetItem" => {
            count(a, 2..=2)?;
            let items = array(&a[0], "the array")?;
            let i = int(&a[1], "the index")?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| format!("index {i} is out of bounds (length {})", items.len()))
        }
        "States.ArrayLength" => {
            count(a, 1..=1)?;
            Ok(Value::from(array(&a[0], "the array")?.len()))
        }
        "States.ArrayUnique" => {
            count(a, 1..=1)?;
            let mut out: Vec<Value> = Vec::new();
            for v in array(&a[0], "the array")? {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Ok(Value::Array(out))
        }
        "States.Base64Encode" => {
            count(a, 1..=1)?;
            Ok(Value::String(
                base64::engine::general_purpose::STANDARD.encode(string(&a[0], "the argument")?),
            ))
        }
        "States.Base64Decode" => {
            count(a, 1..=1)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(string(&a[0], "the argument")?)
                .map_err(|e| format!("not base64: {e}"))?;
            String::from_utf8(bytes)
                .map(Value::String)
                .map_err(|_| "not UTF-8 text".into())
        }
        "States.Hash" => {
            count(a, 2..=2)?;
            let data = match &a[0] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Ok(Value::String(hash(
                data.as_bytes(),
                string(&a[1], "the algorithm")?,
            )?))
        }
        "States.JsonMerge" => {
            count(a, 3..=3)?;
            if a[2] != Value::Bool(false) {
                return Err(
                    "only shallow merges are supported: the third argument must be false".into(),
                );
            }
            let (Value::Object(l), Value::Object(r)) = (&a[0], &a[1]) else {
                return Err("both arguments must be objects".into());
            };
            let mut m: Map<String, Value> = l.clone();
            for (k, v) in r {
                m.insert(k.clone(), v.clone());
            }
            Ok(Value::Object(m))
        }
        "States.MathRandom" => {
            count(a, 2..=3)?;
            let (from, to) = (int(&a[0], "start")?, int(&a[1], "end")?);
            if to <= from {
                return Err("the end must be greater than the start".into());
            }
            let r = match a.get(2) {
                Some(seed) => Rng::new(int(seed, "the seed")? as u64).next_f64(),
                None => rng.next_f64(),
            };
            Ok(Value::from(from + ((to - from) as f64 * r) as i64))
        }
        "States.MathAdd" => {
            count(a, 2..=2)?;
            int(&a[0], "the first number")?
                .checked_add(int(&a[1], "the second number")?)
                .map(Value::from)
                .ok_or_else(|| "overflow".to_string())
        }
        "States.StringSplit" => {
            count(a, 2..=2)?;
            let s = string(&a[0], "the string")?;
            let d: Vec<char> = string(&a[1], "the delimiter")?.chars().collect();
            Ok(Value::Array(
                s.split(|c| d.contains(&c))
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            ))
        }
        "States.UUID" => {
            count(a, 0..=0)?;
            Ok(Value::String(rng.uuid()))
        }
        other => Err(format!("{other} is not an intrinsic function")),
    }
}

/// The hex digest of `data` with `algorithm` (MD5, SHA-1, SHA-256, SHA-384, SHA-512).
pub fn hash_text(data: &str, algorithm: &str) -> Result<String, String> {
    hash(data.as_bytes(), algorithm)
}

fn hash(data: &[u8], algorithm: &str) -> Result<String, String> {
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    Ok(match algorithm {
        "MD5" => {
            use md5::Digest;
            hex(&md5::Md5::digest(data))
        }
        "SHA-1" => {
            use sha1::Digest;
            hex(&sha1::Sha1::digest(data))
        }
        "SHA-256" => {
            use sha2::Digest;
            hex(&sha2::Sha256::digest(data))
        }
        "SHA-384" => {
            use sha2::Digest;
            hex(&sha2::Sha384::digest(data))
        }
        "SHA-512" => {
            use sha2::Digest;
            hex(&sha2::Sha512::digest(data))
        }
        other => {
            return Err(format!(
                "unknown algorithm {other:?} (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, data: Value) -> Result<Value, String> {
        let vars = Map::new();
        let scope = Scope {
            data: &data,
            context: &json!({"Execution": {"Name": "x"}}),
            variables: &vars,
        };
        Call::parse(text)?.eval(&scope, &mut Rng::new(7))
    }

    #[test]
    fn functions() {
        let d =
            json!({"name": "Ada", "n": 2, "list": [1, 2, 2, 3], "s": "{\"a\":1}", "csv": "a,b,,c"});
        assert_eq!(
            run("States.Format('Hi {}, you are {}', $.name, $.n)", d.clone()).unwrap(),
            json!("Hi Ada, you are 2")
        );
        assert_eq!(
            run("States.Format('\\{\\} {}', $$.Execution.Name)", d.clone()).unwrap(),
            json!("{} x")
        );
        assert_eq!(
            run("States.StringToJson($.s)", d.clone()).unwrap(),
            json!({"a": 1})
        );
        assert_eq!(
            run("States.JsonToString($.list)", d.clone()).unwrap(),
            json!("[1,2,2,3]")
        );
        assert_eq!(
            run("States.Array($.n, 'x', States.MathAdd($.n, -3))", d.clone()).unwrap(),
            json!([2, "x", -1])
        );
        assert_eq!(
            run("States.ArrayUnique($.list)", d.clone()).unwrap(),
            json!([1, 2, 3])
        );
        assert_eq!(
            run("States.ArrayPartition($.list, 3)", d.clone()).unwrap(),
            json!([[1, 2, 2], [3]])
        );
        assert_eq!(
            run("States.ArrayRange(1, 9, 4)", d.clone()).unwrap(),
            json!([1, 5, 9])
        );
        assert_eq!(
            run("States.ArrayGetItem($.list, 3)", d.clone()).unwrap(),
            json!(3)
        );
        assert_eq!(
            run("States.ArrayLength($.list)", d.clone()).unwrap(),
            json!(4)
        );
        assert_eq!(
            run("States.ArrayContains($.list, 3)", d.clone()).unwrap(),
            json!(true)
        );
        assert_eq!(
            run("States.StringSplit($.csv, ',')", d.clone()).unwrap(),
            json!(["a", "b", "c"])
        );
        assert_eq!(
            run("States.Base64Decode(States.Base64Encode('hé'))", d.clone()).unwrap(),
            json!("hé")
        );
        assert_eq!(
            run("States.Hash('abc', 'SHA-256')", d.clone()).unwrap(),
            json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            run("States.Hash('abc', 'MD5')", d.clone()).unwrap(),
            json!("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(run("States.JsonMerge(States.StringToJson($.s), States.StringToJson('{\"b\":2}'), false)", d.clone()).unwrap(), json!({"a": 1, "b": 2}));
        let r = run("States.MathRandom(1, 10)", d.clone())
            .unwrap()
            .as_i64()
            .unwrap();
        assert!((1..10).contains(&r));
        assert_eq!(
            run("States.UUID()", d.clone()).unwrap(),
            run("States.UUID()", d.clone()).unwrap()
        );
        assert!(run("States.Format('{}')", d.clone()).is_err());
        assert!(run("States.ArrayGetItem($.list, 9)", d.clone()).is_err());
        assert!(run("States.Nope(1)", d.clone()).is_err());
        assert!(Call::parse("States.Format('x'").is_err());
    }
}
