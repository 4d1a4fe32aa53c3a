//! Evaluation of a JSONata tree.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use cdk_aws::stepfunctions::jsonata::{Ast, BinaryOp};
use serde_json::{Map, Value};

use super::functions;
use super::value::{number, stringify, Function, JValue};
use crate::rng::Rng;

/// Variables in scope: a frame and its parents.
#[derive(Clone, Debug, Default)]
pub struct Env(Rc<Frame>);

#[derive(Debug, Default)]
struct Frame {
    vars: RefCell<HashMap<String, JValue>>,
    parent: Option<Env>,
}

impl Env {
    /// A root environment holding these variables (`$states`, the machine's variables).
    pub fn root(vars: &Map<String, Value>) -> Env {
        let env = Env::default();
        for (k, v) in vars {
            env.set(k, JValue::Json(v.clone()));
        }
        env
    }

    fn child(&self) -> Env {
        Env(Rc::new(Frame {
            vars: RefCell::new(HashMap::new()),
            parent: Some(self.clone()),
        }))
    }

    fn set(&self, name: &str, v: JValue) {
        self.0.vars.borrow_mut().insert(name.to_string(), v);
    }

    fn get(&self, name: &str) -> Option<JValue> {
        if let Some(v) = self.0.vars.borrow().get(name) {
            return Some(v.clone());
        }
        self.0.parent.as_ref().and_then(|p| p.get(name))
    }
}

/// What evaluation needs besides the variables: randomness and the virtual time.
pub struct Ctx<'a> {
    /// For `$random`, `$uuid`, `$shuffle`.
    pub rng: &'a mut Rng,
    /// The virtual time, for `$now` and `$millis`.
    pub now_ms: i64,
}

/// Evaluates `ast` with no context value (Step Functions gives none: the data is in
/// `$states`) in `env`.
pub fn evaluate(ast: &Ast, env: &Env, rng: &mut Rng, now_ms: i64) -> Result<JValue, String> {
    let mut ctx = Ctx { rng, now_ms };
    let input = JValue::Undefined;
    env.set("", input.clone());
    eval(ast, &input, env, &mut ctx)
}

fn is_constructor(ast: &Ast) -> bool {
    matches!(ast, Ast::Array(_))
}

fn keeps(ast: &Ast) -> bool {
    match ast {
        Ast::KeepArray(_) => true,
        Ast::Path(l, r) => keeps(l) || keeps(r),
        Ast::Filter(l, _) => keeps(l),
        _ => false,
    }
}

pub(super) fn eval(
    ast: &Ast,
    input: &JValue,
    env: &Env,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    Ok(match ast {
        Ast::String(s) => JValue::Json(Value::String(s.clone())),
        Ast::Number(n) => JValue::Json(number(*n)?),
        Ast::Bool(b) => JValue::Json(Value::Bool(*b)),
        Ast::Null => JValue::null(),
        Ast::Regex { pattern, flags } => {
            let mut b = regex::RegexBuilder::new(pattern);
            b.case_insensitive(flags.contains('i'))
                .multi_line(flags.contains('m'));
            JValue::Regex(Rc::new(
                b.build()
                    .map_err(|e| format!("bad regular expression /{pattern}/: {e}"))?,
            ))
        }
        Ast::Name(n) => match input {
            JValue::Json(Value::Object(m)) => {
                m.get(n).cloned().map_or(JValue::Undefined, JValue::Json)
            }
            JValue::Json(Value::Array(_)) | JValue::Seq(_) => {
                let mut out = Vec::new();
                for item in input.items() {
                    match eval(ast, &JValue::Json(item), env, ctx)? {
                        JValue::Json(Value::Array(a)) => out.extend(a),
                        JValue::Json(v) => out.push(v),
                        JValue::Seq(s) => out.extend(s),
                        _ => {}
                    }
                }
                JValue::from_seq(out, false)
            }
            _ => JValue::Undefined,
        },
        Ast::Variable(name) => match name.as_str() {
            "" => input.clone(),
            "$" => env.get("$").unwrap_or(JValue::Undefined),
            _ => match env.get(name) {
                Some(v) => v,
                None if functions::exists(name) => {
                    JValue::Func(Rc::new(Function::Builtin(name.clone())))
                }
                None => JValue::Undefined,
            },
        },
        Ast::Wildcard => {
            let mut out = Vec::new();
            for item in input.items() {
                if let Value::Object(m) = item {
                    for v in m.values() {
                        match v {
                            Value::Array(a) => out.extend(a.iter().cloned()),
                            v => out.push(v.clone()),
                        }
                    }
                }
            }
            JValue::from_seq(out, false)
        }
        Ast::Descendants => {
            let mut out = Vec::new();
            for item in input.items() {
                descend(&item, &mut out);
            }
            JValue::from_seq(out, false)
        }
        Ast::Path(l, r) => {
            let left = eval(l, input, env, ctx)?;
            let items = left.items();
            let mut results: Vec<JValue> = Vec::new();
            for item in items {
                let v = eval(r, &JValue::Json(item), env, ctx)?;
                if !v.is_undefined() {
                    results.push(v);
                }
            }
            let keep = keeps(ast);
            if results.len() == 1 {
                if let JValue::Json(Value::Array(_)) = &results[0] {
                    return Ok(results.remove(0));
                }
            }
            let mut out = Vec::new();
            for v in results {
                match v {
                    JValue::Json(Value::Array(a)) if !is_constructor(r) => out.extend(a),
                    JValue::Json(v) => out.push(v),
                    JValue::Seq(s) => out.extend(s),
                    JValue::Func(_) | JValue::Regex(_) => {
                        return Err("a path step gave a function".into())
                    }
                    JValue::Undefined => {}
                }
            }
            JValue::from_seq(out, keep)
        }
        Ast::KeepArray(inner) => match eval(inner, input, env, ctx)? {
            JValue::Json(Value::Array(a)) => JValue::Json(Value::Array(a)),
            JValue::Seq(s) => JValue::Json(Value::Array(s)),
            JValue::Json(v) => JValue::Json(Value::Array(vec![v])),
            other => other,
        },
        Ast::Filter(l, pred) => {
            let items = eval(l, input, env, ctx)?.items();
            let len = items.len() as i64;
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let item_v = JValue::Json(item.clone());
                let p = eval(pred, &item_v, env, ctx)?;
                let keep = match &p {
                    JValue::Json(Value::Number(n)) => {
                        index_matches(n.as_f64().unwrap_or(f64::NAN), i as i64, len)
                    }
                    JValue::Json(Value::Array(a)) | JValue::Seq(a)
                        if !a.is_empty() && a.iter().all(Value::is_number) =>
                    {
                        a.iter()
                            .any(|n| index_matches(n.as_f64().unwrap_or(f64::NAN), i as i64, len))
                    }
                    other => other.truthy(),
                };
                if keep {
                    out.push(item);
                }
            }
            JValue::from_seq(out, keeps(l))
        }
        Ast::Object(None, pairs) => object(pairs, input, env, ctx)?,
        Ast::Object(Some(l), pairs) => {
            let left = eval(l, input, env, ctx)?;
            object(pairs, &left, env, ctx)?
        }
        Ast::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                if let Ast::Binary(BinaryOp::Range, a, b) = item {
                    let (a, b) = (eval(a, input, env, ctx)?, eval(b, input, env, ctx)?);
                    if a.is_undefined() || b.is_undefined() {
                        continue;
                    }
                    let (a, b) = (
                        integer(&a, "the start of a range")?,
                        integer(&b, "the end of a range")?,
                    );
                    if b - a > 10_000_000 {
                        return Err("the range is too large".into());
                    }
                    out.extend((a..=b).map(Value::from));
                    continue;
                }
                match eval(item, input, env, ctx)? {
                    JValue::Undefined => {}
                    JValue::Json(Value::Array(a)) if !is_constructor(item) => out.extend(a),
                    JValue::Seq(s) => out.extend(s),
                    JValue::Json(v) => out.push(v),
                    JValue::Func(_) | JValue::Regex(_) => {
                        return Err("an array cannot hold a function".into())
                    }
                }
            }
            JValue::Json(Value::Array(out))
        }
        Ast::Block(items) => {
            let scope = env.child();
            let mut last = JValue::Undefined;
            for item in items {
                last = eval(item, input, &scope, ctx)?;
            }
            last
        }
        Ast::Negate(inner) => match eval(inner, input, env, ctx)? {
            JValue::Undefined => JValue::Undefined,
            v => JValue::Json(number(-num(&v, "the operand of '-'")?)?),
        },
        Ast::Binary(op, l, r) => binary(*op, l, r, input, env, ctx)?,
        Ast::Condition(c, then, otherwise) => {
            if eval(c, input, env, ctx)?.truthy() {
                eval(then, input, env, ctx)?
            } else if let Some(o) = otherwise {
                eval(o, input, env, ctx)?
            } else {
                JValue::Undefined
            }
        }
        Ast::Elvis(l, r) => {
            let v = eval(l, input, env, ctx)?;
            if v.truthy() {
                v
            } else {
                eval(r, input, env, ctx)?
            }
        }
        Ast::Coalesce(l, r) => {
            let v = eval(l, input, env, ctx)?;
            if v.is_undefined() {
                eval(r, input, env, ctx)?
            } else {
                v
            }
        }
        Ast::Bind(name, value) => {
            let v = eval(value, input, env, ctx)?;
            env.set(name, v.clone());
            v
        }
        Ast::Lambda(params, body) => JValue::Func(Rc::new(Function::Lambda {
            params: params.clone(),
            body: (**body).clone(),
            env: env.clone(),
        })),
        Ast::Call(callee, args) => {
            let f = eval(callee, input, env, ctx)?;
            let JValue::Func(f) = f else {
                return Err(format!("{} is not a function", describe_callee(callee)));
            };
            if args.iter().any(|a| matches!(a, Ast::Placeholder)) {
                let mut bound = Vec::new();
                for a in args {
                    bound.push(match a {
                        Ast::Placeholder => None,
                        a => Some(eval(a, input, env, ctx)?),
                    });
                }
                return Ok(JValue::Func(Rc::new(Function::Partial(f, bound))));
            }
            let mut values = Vec::new();
            for a in args {
                values.push(eval(a, input, env, ctx)?);
            }
            call(&f, values, input, ctx)?
        }
        Ast::Placeholder => return Err("'?' is only allowed as an argument".into()),
        Ast::Apply(l, r) => {
            let left = eval(l, input, env, ctx)?;
            if let Ast::Call(callee, args) = &**r {
                let JValue::Func(f) = eval(callee, input, env, ctx)? else {
                    return Err(format!("{} is not a function", describe_callee(callee)));
                };
                let mut values = vec![left];
                for a in args {
                    values.push(eval(a, input, env, ctx)?);
                }
                call(&f, values, input, ctx)?
            } else {
                match eval(r, input, env, ctx)? {
                    JValue::Func(f) => call(&f, vec![left], input, ctx)?,
                    _ => return Err("the right side of '~>' must be a function".into()),
                }
            }
        }
        Ast::Sort(l, terms) => {
            let items = eval(l, input, env, ctx)?.items();
            let mut keyed = Vec::new();
            for item in items {
                let mut keys = Vec::new();
                for (term, _) in terms {
                    keys.push(eval(term, &JValue::Json(item.clone()), env, ctx)?.to_json()?);
                }
                keyed.push((keys, item));
            }
            let mut failure = None;
            keyed.sort_by(|(a, _), (b, _)| {
                for (i, (_, desc)) in terms.iter().enumerate() {
                    let o = match compare_values(a[i].as_ref(), b[i].as_ref()) {
                        Ok(o) => o,
                        Err(e) => {
                            failure.get_or_insert(e);
                            std::cmp::Ordering::Equal
                        }
                    };
                    let o = if *desc { o.reverse() } else { o };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
            if let Some(e) = failure {
                return Err(e);
            }
            JValue::from_seq(keyed.into_iter().map(|(_, v)| v).collect(), false)
        }
        Ast::Parent => {
            return Err("the parent operator '%' is not supported by the simulator".into())
        }
        Ast::FocusBind(..) | Ast::IndexBind(..) => {
            return Err(
                "focus and index binding ('@', '#') are not supported by the simulator".into(),
            )
        }
        Ast::Transform(..) => {
            return Err("transforms '| ... |' are not supported by the simulator".into())
        }
        _ => return Err("this JSONata construct is not supported by the simulator".into()),
    })
}

fn describe_callee(callee: &Ast) -> String {
    match callee {
        Ast::Variable(v) => format!("${v}"),
        _ => "the expression called".into(),
    }
}

fn index_matches(n: f64, i: i64, len: i64) -> bool {
    if n.is_nan() {
        return false;
    }
    let mut idx = n.floor() as i64;
    if idx < 0 {
        idx += len;
    }
    idx == i
}

fn descend(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.iter().for_each(|c| descend(c, out)),
        Value::Object(m) => {
            out.push(v.clone());
            for c in m.values() {
                descend(c, out);
            }
        }
        other => out.push(other.clone()),
    }
}

fn object(
    pairs: &[(Ast, Ast)],
    input: &JValue,
    env: &Env,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    // Group the input items by each key, then evaluate the value on each group.
    let items = match input {
        JValue::Undefined => vec![None],
        JValue::Json(Value::Array(_)) | JValue::Seq(_) => {
            input.items().into_iter().map(Some).collect()
        }
        JValue::Json(v) => vec![Some(v.clone())],
        _ => vec![None],
    };
    let mut groups: Vec<(String, usize, Vec<Value>)> = Vec::new();
    for item in &items {
        let ctx_v = item.clone().map_or(JValue::Undefined, JValue::Json);
        for (pi, (k, _)) in pairs.iter().enumerate() {
            let key = match eval(k, &ctx_v, env, ctx)? {
                JValue::Json(Value::String(s)) => s,
                JValue::Undefined => continue,
                other => {
                    return Err(format!(
                        "an object key must be a string, got {}",
                        display(&other)
                    ))
                }
            };
            match groups.iter_mut().find(|(gk, _, _)| *gk == key) {
                Some((_, gpi, vals)) => {
                    if *gpi != pi {
                        return Err(format!(
                            "the key {key:?} is given by two different expressions"
                        ));
                    }
                    vals.extend(item.clone());
                }
                None => groups.push((key, pi, item.clone().into_iter().collect())),
            }
        }
    }
    let mut out = Map::new();
    for (key, pi, vals) in groups {
        let group = if items.len() == 1 && items[0].is_none() {
            JValue::Undefined
        } else {
            JValue::from_seq(vals, false)
        };
        if let Some(v) = eval(&pairs[pi].1, &group, env, ctx)?.to_json()? {
            out.insert(key, v);
        }
    }
    Ok(JValue::Json(Value::Object(out)))
}

fn display(v: &JValue) -> String {
    match v.to_json() {
        Ok(Some(j)) => j.to_string(),
        Ok(None) => "undefined".into(),
        Err(_) => "a function".into(),
    }
}

fn num(v: &JValue, what: &str) -> Result<f64, String> {
    match v {
        JValue::Json(Value::Number(n)) => {
            n.as_f64().ok_or_else(|| format!("{what} is not a number"))
        }
        other => Err(format!("{what} must be a number, got {}", display(other))),
    }
}

fn integer(v: &JValue, what: &str) -> Result<i64, String> {
    let f = num(v, what)?;
    if f.fract() != 0.0 {
        return Err(format!("{what} must be an integer, got {f}"));
    }
    Ok(f as i64)
}

/// Ordering of two JSON values of the same kind (numbers or strings), for `<` and sorting.
pub(super) fn compare_values(
    a: Option<&Value>,
    b: Option<&Value>,
) -> Result<std::cmp::Ordering, String> {
    match (a, b) {
        (None, None) => Ok(std::cmp::Ordering::Equal),
        (None, _) => Ok(std::cmp::Ordering::Greater),
        (_, None) => Ok(std::cmp::Ordering::Less),
        (Some(Value::Number(x)), Some(Value::Number(y))) => Ok(x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)),
        (Some(Value::String(x)), Some(Value::String(y))) => Ok(x.cmp(y)),
        (Some(x), Some(y)) => Err(format!(
            "cannot compare {x} and {y}: both must be numbers or both strings"
        )),
    }
}

fn binary(
    op: BinaryOp,
    l: &Ast,
    r: &Ast,
    input: &JValue,
    env: &Env,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    if op == BinaryOp::And {
        let a = eval(l, input, env, ctx)?.truthy();
        return Ok(JValue::Json(Value::Bool(
            a && eval(r, input, env, ctx)?.truthy(),
        )));
    }
    if op == BinaryOp::Or {
        let a = eval(l, input, env, ctx)?.truthy();
        return Ok(JValue::Json(Value::Bool(
            a || eval(r, input, env, ctx)?.truthy(),
        )));
    }
    let a = eval(l, input, env, ctx)?;
    let b = eval(r, input, env, ctx)?;
    let json = |v: &JValue| v.to_json();
    Ok(match op {
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
            if a.is_undefined() || b.is_undefined() {
                return Ok(JValue::Undefined);
            }
            let (x, y) = (num(&a, "the left operand")?, num(&b, "the right operand")?);
            JValue::Json(number(match op {
                BinaryOp::Add => x + y,
                BinaryOp::Sub => x - y,
                BinaryOp::Mul => x * y,
                BinaryOp::Div => x / y,
                _ => x % y,
            })?)
        }
        BinaryOp::Eq | BinaryOp::Ne => {
            if a.is_undefined() || b.is_undefined() {
                return Ok(JValue::Json(Value::Bool(false)));
            }
            let eq = json_eq(json(&a)?.as_ref(), json(&b)?.as_ref());
            JValue::Json(Value::Bool(if op == BinaryOp::Eq { eq } else { !eq }))
        }
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            if a.is_undefined() || b.is_undefined() {
                return Ok(JValue::Json(Value::Bool(false)));
            }
            let o = compare_values(json(&a)?.as_ref(), json(&b)?.as_ref())?;
            use std::cmp::Ordering::*;
            JValue::Json(Value::Bool(match op {
                BinaryOp::Lt => o == Less,
                BinaryOp::Le => o != Greater,
                BinaryOp::Gt => o == Greater,
                _ => o != Less,
            }))
        }
        BinaryOp::Concat => {
            let s = |v: &JValue| -> Result<String, String> {
                Ok(json(v)?.map(|j| stringify(&j)).unwrap_or_default())
            };
            JValue::Json(Value::String(s(&a)? + &s(&b)?))
        }
        BinaryOp::In => {
            if a.is_undefined() || b.is_undefined() {
                return Ok(JValue::Json(Value::Bool(false)));
            }
            let needle = json(&a)?;
            JValue::Json(Value::Bool(
                b.items().iter().any(|v| json_eq(Some(v), needle.as_ref())),
            ))
        }
        BinaryOp::Range => {
            if a.is_undefined() || b.is_undefined() {
                return Ok(JValue::Undefined);
            }
            let (x, y) = (
                integer(&a, "the start of a range")?,
                integer(&b, "the end of a range")?,
            );
            if y - x > 10_000_000 {
                return Err("the range is too large".into());
            }
            JValue::Json(Value::Array((x..=y).map(Value::from).collect()))
        }
        _ => return Err("unsupported operator".into()),
    })
}

/// Deep equality, numbers compared by value.
pub(super) fn json_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(Some(a), Some(b)))
        }
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            x.len() == y.len() && x.iter().all(|(k, v)| json_eq(Some(v), y.get(k)))
        }
        (a, b) => a == b,
    }
}

/// Calls a function value.
pub(super) fn call(
    f: &Rc<Function>,
    args: Vec<JValue>,
    input: &JValue,
    ctx: &mut Ctx<'_>,
) -> Result<JValue, String> {
    match &**f {
        Function::Lambda { params, body, env } => {
            let scope = env.child();
            let mut args = args.into_iter();
            for p in params {
                scope.set(p, args.next().unwrap_or(JValue::Undefined));
            }
            eval(body, input, &scope, ctx)
        }
        Function::Builtin(name) => functions::call_builtin(name, args, input, ctx),
        Function::Partial(inner, bound) => {
            let mut given = args.into_iter();
            let full = bound
                .iter()
                .map(|b| {
                    b.clone()
                        .unwrap_or_else(|| given.next().unwrap_or(JValue::Undefined))
                })
                .collect();
            call(inner, full, input, ctx)
        }
    }
}

/// How many parameters a function value declares (for `$map` and friends).
pub(super) fn arity(f: &Function) -> usize {
    match f {
        Function::Lambda { params, .. } => params.len(),
        Function::Builtin(_) => 1,
        Function::Partial(_, bound) => bound.iter().filter(|b| b.is_none()).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cdk_aws::stepfunctions::jsonata::parse;
    use serde_json::json;

    fn run(expr: &str, states: Value) -> Result<Value, String> {
        let mut vars = Map::new();
        vars.insert("states".into(), states);
        let env = Env::root(&vars);
        let v = evaluate(&parse(expr)?, &env, &mut Rng::new(1), 0)?;
        Ok(v.to_json()?.unwrap_or(json!("<undefined>")))
    }

    #[test]
    fn paths_and_operators() {
        let s = json!({"input": {"items": [{"name": "a", "price": 5, "qty": 2}, {"name": "b", "price": 20, "qty": 1}], "one": [7], "o": {"x": 1}}});
        assert_eq!(
            run("$states.input.items.name", s.clone()).unwrap(),
            json!(["a", "b"])
        );
        assert_eq!(
            run("$states.input.items[price > 10].name", s.clone()).unwrap(),
            json!("b")
        );
        assert_eq!(
            run("$states.input.items[price > 10].name[]", s.clone()).unwrap(),
            json!(["b"])
        );
        assert_eq!(
            run("$states.input.items[0].name", s.clone()).unwrap(),
            json!("a")
        );
        assert_eq!(
            run("$states.input.items[-1].price", s.clone()).unwrap(),
            json!(20)
        );
        assert_eq!(
            run("$sum($states.input.items.(price * qty))", s.clone()).unwrap(),
            json!(30)
        );
        assert_eq!(run("$states.input.one", s.clone()).unwrap(), json!([7]));
        assert_eq!(
            run("$states.input.missing", s.clone()).unwrap(),
            json!("<undefined>")
        );
        assert_eq!(run("1 + 2 * 3 & '!'", s.clone()).unwrap(), json!("7!"));
        assert_eq!(
            run(
                "$count($states.input.items) > 1 ? 'many' : 'few'",
                s.clone()
            )
            .unwrap(),
            json!("many")
        );
        assert_eq!(run("[1..3, 5]", s.clone()).unwrap(), json!([1, 2, 3, 5]));
        assert_eq!(
            run("($x := 2; $y := $x * 3; $y)", s.clone()).unwrap(),
            json!(6)
        );
        assert_eq!(
            run("$states.input.items^(>price).name", s.clone()).unwrap(),
            json!(["b", "a"])
        );
        assert_eq!(
            run(
                "{'n': $states.input.items.name, 't': $sum($states.input.items.price)}",
                s.clone()
            )
            .unwrap(),
            json!({"n": ["a", "b"], "t": 25})
        );
        assert_eq!(
            run("$states.input.items{name: price}", s.clone()).unwrap(),
            json!({"a": 5, "b": 20})
        );
        assert_eq!(
            run(
                "$map($states.input.items, function($v, $i) { $v.name & $i })",
                s.clone()
            )
            .unwrap(),
            json!(["a0", "b1"])
        );
        assert_eq!(
            run("$states.input.items.price ~> $sum()", s.clone()).unwrap(),
            json!(25)
        );
        assert_eq!(
            run("'a' in ['a', 'b'] and $not(false)", s.clone()).unwrap(),
            json!(true)
        );
        assert_eq!(run("$states.input.o.*", s.clone()).unwrap(), json!(1));
        assert_eq!(
            run("$states.input.nope ?? 'dflt'", s.clone()).unwrap(),
            json!("dflt")
        );
        assert!(run("1 + 'a'", s.clone()).is_err());
        assert!(run("$nope()", s.clone()).is_err());
    }
}
