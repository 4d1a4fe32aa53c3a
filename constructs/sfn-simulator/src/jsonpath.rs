//! JSONPath as Step Functions evaluates it: `$` (the input), `$$` (the context object) and
//! `$name` (a variable), followed by `.name`, `['name']`, `[n]`, `[*]`, `[a:b]`, `[a,b]`,
//! `..name` and filters `[?(@.price < 10 && @.kind == 'book')]`. A definite path gives one
//! value; a path with a wildcard, slice, union, filter or `..` gives the list of matches.

use serde_json::{Map, Value};

/// What a path starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Root {
    /// `$`: the data.
    Data,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable.
    Variable(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Name(String),
    Index(i64),
    Wildcard,
    Slice(Option<i64>, Option<i64>, Option<i64>),
    Union(Vec<i64>),
    Names(Vec<String>),
    Descend(Box<Seg>),
    Filter(Filter),
}

#[derive(Clone, Debug, PartialEq)]
enum Filter {
    Exists(Vec<Seg>),
    Compare(Operand, String, Operand),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Current(Vec<Seg>),
    Literal(Value),
}

/// A parsed path.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// Where it starts.
    pub root: Root,
    segs: Vec<Seg>,
}

/// Where paths are evaluated: the data, the context object and the variables in scope.
pub struct Scope<'a> {
    /// `$`.
    pub data: &'a Value,
    /// `$$`.
    pub context: &'a Value,
    /// `$name`.
    pub variables: &'a Map<String, Value>,
}

impl Path {
    /// Parses a path.
    pub fn parse(text: &str) -> Result<Path, String> {
        let bad = |why: &str| format!("malformed JSONPath {text:?}: {why}");
        let (root, rest) = if let Some(r) = text.strip_prefix("$$") {
            (Root::Context, r)
        } else if let Some(r) = text.strip_prefix('$') {
            let name_len = r
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(r.len(), |(i, _)| i);
            if name_len > 0 {
                (Root::Variable(r[..name_len].to_string()), &r[name_len..])
            } else {
                (Root::Data, r)
            }
        } else {
            return Err(bad("it must start with '$'"));
        };
        let chars: Vec<char> = rest.chars().collect();
        let mut i = 0;
        let segs = parse_segments(&chars, &mut i, false).map_err(|e| bad(&e))?;
        if i != chars.len() {
            return Err(bad(&format!("unexpected '{}'", chars[i])));
        }
        Ok(Path { root, segs })
    }

    /// True when the path names one node (no wildcard, slice, union, filter or `..`).
    pub fn is_definite(&self) -> bool {
        self.segs
            .iter()
            .all(|s| matches!(s, Seg::Name(_) | Seg::Index(_)))
    }

    /// The value at this path: one value for a definite path (an error when absent), the
    /// list of matches otherwise.
    pub fn eval(&self, scope: &Scope<'_>) -> Result<Value, String> {
        let start = match &self.root {
            Root::Data => scope.data,
            Root::Context => scope.context,
            Root::Variable(v) => scope
                .variables
                .get(v)
                .ok_or_else(|| format!("the variable ${v} is not defined"))?,
        };
        let found = select(&self.segs, start);
        if self.is_definite() {
            found
                .into_iter()
                .next()
                .cloned()
                .ok_or_else(|| "no value at the path".to_string())
        } else {
            Ok(Value::Array(found.into_iter().cloned().collect()))
        }
    }

    /// Puts `value` at this (definite, data-rooted) path in `target`, creating objects on the
    /// way, as `ResultPath` does.
    pub fn set(&self, target: Value, value: Value) -> Result<Value, String> {
        if self.root != Root::Data || !self.is_definite() {
            return Err("a reference path names one node of the data".into());
        }
        set_in(target, &self.segs, value)
    }
}

fn set_in(target: Value, segs: &[Seg], value: Value) -> Result<Value, String> {
    let Some((first, rest)) = segs.split_first() else {
        return Ok(value);
    };
    match (first, target) {
        (Seg::Name(n), Value::Object(mut m)) => {
            let inner = m.remove(n).unwrap_or(Value::Object(Map::new()));
            let inner = if rest.is_empty() {
                value
            } else {
                set_in(inner, rest, value)?
            };
            m.insert(n.clone(), inner);
            Ok(Value::Object(m))
        }
        (Seg::Index(i), Value::Array(mut a)) if *i >= 0 && (*i as usize) < a.len() => {
            let slot = std::mem::take(&mut a[*i as usize]);
            a[*i as usize] = set_in(slot, rest, value)?;
            Ok(Value::Array(a))
        }
        (Seg::Name(n), other) => Err(format!(
            "cannot set field '{n}' in {} (not an object)",
            kind(&other)
        )),
        (_, other) => Err(format!("cannot set an index in {}", kind(&other))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_segments(c: &[char], i: &mut usize, in_filter: bool) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    while *i < c.len() {
        match c[*i] {
            '.' => {
                *i += 1;
                let descend = c.get(*i) == Some(&'.');
                if descend {
                    *i += 1;
                }
                let seg = if c.get(*i) == Some(&'[') {
                    parse_bracket(c, i)?
                } else {
                    let start = *i;
                    while *i < c.len()
                        && !matches!(
                            c[*i],
                            '.' | '[' | ']' | ' ' | ')' | '=' | '!' | '<' | '>' | '&' | '|'
                        )
                    {
                        *i += 1;
                    }
                    if *i == start {
                        return Err("a '.' must be followed by a name".into());
                    }
                    let name: String = c[start..*i].iter().collect();
                    if name == "*" {
                        Seg::Wildcard
                    } else {
                        Seg::Name(name)
                    }
                };
                segs.push(if descend {
                    Seg::Descend(Box::new(seg))
                } else {
                    seg
                });
            }
            '[' => segs.push(parse_bracket(c, i)?),
            _ if in_filter => break,
            ch => return Err(format!("unexpected '{ch}'")),
        }
    }
    Ok(segs)
}

fn parse_bracket(c: &[char], i: &mut usize) -> Result<Seg, String> {
    // c[*i] == '['
    let open = *i;
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut close = None;
    for (j, &ch) in c.iter().enumerate().skip(open) {
        match (quote, ch) {
            (Some(_), '\\') => {}
            (Some(q), ch) if ch == q && c[j - 1] != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close.ok_or("'[' is not closed")?;
    let inner: String = c[open + 1..close].iter().collect();
    *i = close + 1;
    let inner = inner.trim();
    if inner == "*" {
        return Ok(Seg::Wildcard);
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|r| r.strip_suffix(')')) {
        let fc: Vec<char> = f.chars().collect();
        let mut k = 0;
        let filter = parse_or(&fc, &mut k)?;
        skip_ws(&fc, &mut k);
        if k != fc.len() {
            return Err(format!("cannot read the filter {f:?}"));
        }
        return Ok(Seg::Filter(filter));
    }
    let parts: Vec<&str> = split_top(inner, ',');
    if parts.iter().all(|p| is_quoted(p.trim())) {
        let names: Vec<String> = parts.iter().map(|p| unquote(p.trim())).collect();
        return Ok(if names.len() == 1 {
            Seg::Name(names[0].clone())
        } else {
            Seg::Names(names)
        });
    }
    if inner.contains(':') {
        let p: Vec<&str> = inner.split(':').collect();
        if p.len() > 3 {
            return Err(format!("bad slice [{inner}]"));
        }
        let num = |s: &str| -> Result<Option<i64>, String> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse()
                    .map(Some)
                    .map_err(|_| format!("bad slice [{inner}]"))
            }
        };
        return Ok(Seg::Slice(
            num(p[0])?,
            num(p[1])?,
            match p.get(2) {
                Some(s) => num(s)?,
                None => None,
            },
        ));
    }
    let nums: Result<Vec<i64>, _> = parts.iter().map(|p| p.trim().parse::<i64>()).collect();
    match nums {
        Ok(n) if n.len() == 1 => Ok(Seg::Index(n[0])),
        Ok(n) if !n.is_empty() => Ok(Seg::Union(n)),
        _ => Err(format!(
            "'[{inner}]' is not an index, '*', a quoted name, a slice or a filter"
        )),
    }
}

fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, c) if c == sep => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn is_quoted(s: &str) -> bool {
    s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')))
}

fn unquote(s: &str) -> String {
    s[1..s.len() - 1].replace("\\'", "'").replace("\\\"", "\"")
}

fn skip_ws(c: &[char], k: &mut usize) {
    while *k < c.len() && c[*k].is_whitespace() {
        *k += 1;
    }
}

fn parse_or(c: &[char], k: &mut usize) -> Result<Filter, String> {
    let mut left = parse_and(c, k)?;
    loop {
        skip_ws(c, k);
        if c.get(*k) == Some(&'|') && c.get(*k + 1) == Some(&'|') {
            *k += 2;
            left = Filter::Or(Box::new(left), Box::new(parse_and(c, k)?));
        } else {
            return Ok(left);
        }
    }
}

fn parse_and(c: &[char], k: &mut usize) -> Result<Filter, String> {
    let mut left = parse_unary(c, k)?;
    loop {
        skip_ws(c, k);
        if c.get(*k) == Some(&'&') && c.get(*k + 1) == Some(&'&') {
            *k += 2;
            left = Filter::And(Box::new(left), Box::new(parse_unary(c, k)?));
        } else {
            return Ok(left);
        }
    }
}

fn parse_unary(c: &[char], k: &mut usize) -> Result<Filter, String> {
    skip_ws(c, k);
    if c.get(*k) == Some(&'!') && c.get(*k + 1) != Some(&'=') {
        *k += 1;
        return Ok(Filter::Not(Box::new(parse_unary(c, k)?)));
    }
    if c.get(*k) == Some(&'(') {
        *k += 1;
        let f = parse_or(c, k)?;
        skip_ws(c, k);
        if c.get(*k) != Some(&')') {
            return Err("')' expected in the filter".into());
        }
        *k += 1;
        return Ok(f);
    }
    let left = parse_operand(c, k)?;
    skip_ws(c, k);
    let ops = ["==", "!=", "<=", ">=", "<", ">"];
    for op in ops {
        let len = op.len();
        if c.len() >= *k + len && c[*k..*k + len].iter().collect::<String>() == op {
            *k += len;
            let right = parse_operand(c, k)?;
            return Ok(Filter::Compare(left, op.to_string(), right));
        }
    }
    match left {
        Operand::Current(p) => Ok(Filter::Exists(p)),
        Operand::Literal(v) => Err(format!("a filter cannot be the literal {v}")),
    }
}

fn parse_operand(c: &[char], k: &mut usize) -> Result<Operand, String> {
    skip_ws(c, k);
    match c.get(*k) {
        Some('@') => {
            *k += 1;
            Ok(Operand::Current(parse_segments(c, k, true)?))
        }
        Some(&q) if q == '\'' || q == '"' => {
            let start = *k + 1;
            let mut j = start;
            while j < c.len() && c[j] != q {
                j += 1;
            }
            if j >= c.len() {
                return Err("unclosed string in the filter".into());
            }
            *k = j + 1;
            Ok(Operand::Literal(Value::String(
                c[start..j].iter().collect(),
            )))
        }
        Some(_) => {
            let start = *k;
            while *k < c.len()
                && !c[*k].is_whitespace()
                && !matches!(c[*k], '=' | '!' | '<' | '>' | '&' | '|' | ')')
            {
                *k += 1;
            }
            let word: String = c[start..*k].iter().collect();
            serde_json::from_str::<Value>(&word)
                .map(Operand::Literal)
                .map_err(|_| format!("cannot read {word:?} in the filter"))
        }
        None => Err("the filter ends too early".into()),
    }
}

fn select<'v>(segs: &[Seg], start: &'v Value) -> Vec<&'v Value> {
    let mut current = vec![start];
    for seg in segs {
        let mut next = Vec::new();
        for v in current {
            step(seg, v, &mut next);
        }
        current = next;
    }
    current
}

fn step<'v>(seg: &Seg, v: &'v Value, out: &mut Vec<&'v Value>) {
    match seg {
        Seg::Name(n) => out.extend(v.get(n)),
        Seg::Names(ns) => out.extend(ns.iter().filter_map(|n| v.get(n))),
        Seg::Index(i) => {
            if let Value::Array(a) = v {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                if idx >= 0 {
                    out.extend(a.get(idx as usize));
                }
            }
        }
        Seg::Union(is) => {
            for i in is {
                step(&Seg::Index(*i), v, out);
            }
        }
        Seg::Wildcard => match v {
            Value::Array(a) => out.extend(a.iter()),
            Value::Object(m) => out.extend(m.values()),
            _ => {}
        },
        Seg::Slice(from, to, by) => {
            if let Value::Array(a) = v {
                let len = a.len() as i64;
                let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                let from = from.map_or(0, norm);
                let to = to.map_or(len, norm);
                let by = by.unwrap_or(1).max(1);
                let mut i = from;
                while i < to {
                    out.push(&a[i as usize]);
                    i += by;
                }
            }
        }
        Seg::Descend(inner) => {
            step(inner, v, out);
            match v {
                Value::Array(a) => a.iter().for_each(|c| step(seg, c, out)),
                Value::Object(m) => m.values().for_each(|c| step(seg, c, out)),
                _ => {}
            }
        }
        Seg::Filter(f) => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                Value::Object(m) => m.values().collect(),
                _ => Vec::new(),
            };
            out.extend(items.into_iter().filter(|item| holds(f, item)));
        }
    }
}

fn holds(f: &Filter, item: &Value) -> bool {
    match f {
        Filter::Exists(p) => !select(p, item).is_empty(),
        Filter::Not(f) => !holds(f, item),
        Filter::And(a, b) => holds(a, item) && holds(b, item),
        Filter::Or(a, b) => holds(a, item) || holds(b, item),
        Filter::Compare(l, op, r) => {
            let get = |o: &Operand| match o {
                Operand::Current(p) => select(p, item).into_iter().next().cloned(),
                Operand::Literal(v) => Some(v.clone()),
            };
            let (Some(l), Some(r)) = (get(l), get(r)) else {
                return false;
            };
            let ord = match (&l, &r) {
                (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
                (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
                _ => None,
            };
            match op.as_str() {
                "==" => l == r || ord == Some(std::cmp::Ordering::Equal),
                "!=" => !(l == r || ord == Some(std::cmp::Ordering::Equal)),
                "<" => ord == Some(std::cmp::Ordering::Less),
                "<=" => matches!(
                    ord,
                    Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                ),
                ">" => ord == Some(std::cmp::Ordering::Greater),
                ">=" => matches!(
                    ord,
                    Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                ),
                _ => false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(p: &str, data: &Value) -> Result<Value, String> {
        let vars = Map::new();
        Path::parse(p)?.eval(&Scope {
            data,
            context: &json!({}),
            variables: &vars,
        })
    }

    #[test]
    fn definite_and_indefinite() {
        let d = json!({"a": {"b": [1, 2, 3]}, "items": [{"p": 5, "k": "x"}, {"p": 15, "k": "y"}], "n a": 1});
        assert_eq!(eval("$.a.b[1]", &d).unwrap(), json!(2));
        assert_eq!(eval("$.a.b[-1]", &d).unwrap(), json!(3));
        assert_eq!(eval("$['n a']", &d).unwrap(), json!(1));
        assert_eq!(eval("$.a.b[*]", &d).unwrap(), json!([1, 2, 3]));
        assert_eq!(eval("$.a.b[0:2]", &d).unwrap(), json!([1, 2]));
        assert_eq!(eval("$.a.b[0,2]", &d).unwrap(), json!([1, 3]));
        assert_eq!(eval("$..p", &d).unwrap(), json!([5, 15]));
        assert_eq!(eval("$.items[?(@.p > 10)].k", &d).unwrap(), json!(["y"]));
        assert_eq!(
            eval("$.items[?(@.k == 'x' || @.p >= 15)].p", &d).unwrap(),
            json!([5, 15])
        );
        assert_eq!(eval("$.items[?(@.missing)]", &d).unwrap(), json!([]));
        assert!(eval("$.nope", &d).is_err());
        assert!(eval("x", &d).is_err());
    }

    #[test]
    fn set_creates_objects() {
        let p = Path::parse("$.a.b").unwrap();
        assert_eq!(
            p.set(json!({"x": 1}), json!(2)).unwrap(),
            json!({"x": 1, "a": {"b": 2}})
        );
        assert!(p.set(json!({"a": "s"}), json!(2)).is_err());
        assert_eq!(
            Path::parse("$").unwrap().set(json!(1), json!(2)).unwrap(),
            json!(2)
        );
    }

    #[test]
    fn variables_and_context() {
        let mut vars = Map::new();
        vars.insert("count".into(), json!({"n": 3}));
        let scope = Scope {
            data: &json!({}),
            context: &json!({"Execution": {"Name": "e"}}),
            variables: &vars,
        };
        assert_eq!(
            Path::parse("$count.n").unwrap().eval(&scope).unwrap(),
            json!(3)
        );
        assert_eq!(
            Path::parse("$$.Execution.Name")
                .unwrap()
                .eval(&scope)
                .unwrap(),
            json!("e")
        );
        assert!(Path::parse("$other").unwrap().eval(&scope).is_err());
    }
}
