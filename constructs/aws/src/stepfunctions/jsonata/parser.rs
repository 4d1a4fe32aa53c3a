//! The JSONata parser: top-down operator precedence, with JSONata's binding powers.

use super::ast::{Ast, BinaryOp};
use super::lexer::{tokenize, Lit, Tok};

/// Parses a JSONata expression (without the `{% %}` of Step Functions).
pub fn parse(src: &str) -> Result<Ast, String> {
    let tokens = tokenize(src)?;
    if tokens.is_empty() {
        return Err("the expression is empty".into());
    }
    let mut p = Parser { tokens, pos: 0 };
    let ast = p.expression(0)?;
    match p.peek() {
        None => Ok(ast),
        Some(t) => Err(format!("unexpected {} at {}", describe(t), p.offset())),
    }
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Str(s) => format!("string {s:?}"),
        Tok::Num(n) => format!("number {n}"),
        Tok::Name(n) => format!("name '{n}'"),
        Tok::Var(v) => format!("variable ${v}"),
        Tok::Regex(p, _) => format!("regular expression /{p}/"),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Value(_) => "literal".into(),
    }
}

fn infix_power(op: &str) -> u8 {
    match op {
        "." => 75,
        "[" | "(" | "@" | "#" => 80,
        "{" => 70,
        "*" | "/" | "%" => 60,
        "+" | "-" | "&" => 50,
        "=" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "~>" | "?:" | "??" | "^" => 40,
        "and" => 30,
        "or" => 25,
        "?" | ".." => 20,
        ":=" => 10,
        _ => 0,
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or_else(
            || self.tokens.last().map_or(0, |(_, o)| *o + 1),
            |(_, o)| *o,
        )
    }

    fn next(&mut self) -> Result<Tok, String> {
        let t = self
            .tokens
            .get(self.pos)
            .map(|(t, _)| t.clone())
            .ok_or_else(|| "the expression ends too early".to_string())?;
        self.pos += 1;
        Ok(t)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn expect(&mut self, op: &str) -> Result<(), String> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            let at = self.offset();
            Err(match self.peek() {
                Some(t) => format!("'{op}' expected at {at}, found {}", describe(t)),
                None => format!("'{op}' expected at {at}, but the expression ends"),
            })
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Ast, String> {
        let mut left = self.prefix()?;
        loop {
            let Some(Tok::Op(op)) = self.peek() else {
                if let Some(t) = self.peek() {
                    // Two operands in a row (`a b`) is a syntax error unless a bracket closes.
                    let at = self.offset();
                    if rbp == 0 || !matches!(t, Tok::Op(_)) {
                        return Err(format!(
                            "unexpected {} at {at}: an operator is missing",
                            describe(t)
                        ));
                    }
                }
                return Ok(left);
            };
            let op = *op;
            let bp = infix_power(op);
            if bp <= rbp {
                return Ok(left);
            }
            self.pos += 1;
            left = self.infix(op, left, bp)?;
        }
    }

    fn prefix(&mut self) -> Result<Ast, String> {
        let at = self.offset();
        Ok(match self.next()? {
            Tok::Str(s) => Ast::String(s),
            Tok::Num(n) => Ast::Number(n),
            Tok::Value(Lit::True) => Ast::Bool(true),
            Tok::Value(Lit::False) => Ast::Bool(false),
            Tok::Value(Lit::Null) => Ast::Null,
            Tok::Regex(pattern, flags) => Ast::Regex { pattern, flags },
            Tok::Name(n) => {
                if (n == "function" || n == "λ") && self.is_op("(") {
                    return self.lambda();
                }
                Ast::Name(n)
            }
            Tok::Var(v) => Ast::Variable(v),
            Tok::Op(op) => match op {
                "and" | "or" | "in" => Ast::Name(op.to_string()),
                "-" => Ast::Negate(Box::new(self.expression(70)?)),
                "*" => Ast::Wildcard,
                "**" => Ast::Descendants,
                "%" => Ast::Parent,
                "?" => Ast::Placeholder,
                "(" => {
                    let mut items = Vec::new();
                    while !self.is_op(")") {
                        items.push(self.expression(0)?);
                        if !self.is_op(";") {
                            break;
                        }
                        self.pos += 1;
                    }
                    self.expect(")")?;
                    Ast::Block(items)
                }
                "[" => {
                    let mut items = Vec::new();
                    if !self.is_op("]") {
                        loop {
                            items.push(self.expression(0)?);
                            if !self.is_op(",") {
                                break;
                            }
                            self.pos += 1;
                        }
                    }
                    self.expect("]")?;
                    Ast::Array(items)
                }
                "{" => Ast::Object(None, self.object_body()?),
                "|" => {
                    let location = self.expression(0)?;
                    self.expect("|")?;
                    let update = self.expression(0)?;
                    let delete = if self.is_op(",") {
                        self.pos += 1;
                        Some(Box::new(self.expression(0)?))
                    } else {
                        None
                    };
                    self.expect("|")?;
                    Ast::Transform(Box::new(location), Box::new(update), delete)
                }
                other => return Err(format!("unexpected '{other}' at {at}")),
            },
        })
    }

    fn object_body(&mut self) -> Result<Vec<(Ast, Ast)>, String> {
        let mut pairs = Vec::new();
        if !self.is_op("}") {
            loop {
                let key = self.expression(0)?;
                self.expect(":")?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if !self.is_op(",") {
                    break;
                }
                self.pos += 1;
            }
        }
        self.expect("}")?;
        Ok(pairs)
    }

    fn lambda(&mut self) -> Result<Ast, String> {
        self.expect("(")?;
        let mut params = Vec::new();
        if !self.is_op(")") {
            loop {
                let at = self.offset();
                match self.next()? {
                    Tok::Var(v) if !v.is_empty() => params.push(v),
                    t => {
                        return Err(format!(
                            "a function parameter must be a $variable, found {} at {at}",
                            describe(&t)
                        ))
                    }
                }
                if !self.is_op(",") {
                    break;
                }
                self.pos += 1;
            }
        }
        self.expect(")")?;
        if self.is_op("<") {
            // A type signature, `<n-n:n>`: skipped, with nested angle brackets.
            let mut depth = 0;
            loop {
                match self.next()? {
                    Tok::Op("<") => depth += 1,
                    Tok::Op(">") => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        self.expect("{")?;
        let body = self.expression(0)?;
        self.expect("}")?;
        Ok(Ast::Lambda(params, Box::new(body)))
    }

    fn infix(&mut self, op: &'static str, left: Ast, bp: u8) -> Result<Ast, String> {
        let at = self.offset();
        let binary = |o: BinaryOp, p: &mut Parser| -> Result<Ast, String> {
            Ok(Ast::Binary(
                o,
                Box::new(left.clone()),
                Box::new(p.expression(bp)?),
            ))
        };
        Ok(match op {
            "." => Ast::Path(Box::new(left), Box::new(self.expression(bp)?)),
            "[" => {
                if self.is_op("]") {
                    self.pos += 1;
                    Ast::KeepArray(Box::new(left))
                } else {
                    let pred = self.expression(0)?;
                    self.expect("]")?;
                    Ast::Filter(Box::new(left), Box::new(pred))
                }
            }
            "{" => Ast::Object(Some(Box::new(left)), self.object_body()?),
            "(" => {
                let mut args = Vec::new();
                if !self.is_op(")") {
                    loop {
                        args.push(self.expression(0)?);
                        if !self.is_op(",") {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                self.expect(")")?;
                Ast::Call(Box::new(left), args)
            }
            "@" | "#" => {
                let at = self.offset();
                let Tok::Var(v) = self.next()? else {
                    return Err(format!("'{op}' must be followed by a $variable at {at}"));
                };
                if op == "@" {
                    Ast::FocusBind(Box::new(left), v)
                } else {
                    Ast::IndexBind(Box::new(left), v)
                }
            }
            "?" => {
                let then = self.expression(0)?;
                let otherwise = if self.is_op(":") {
                    self.pos += 1;
                    Some(Box::new(self.expression(0)?))
                } else {
                    None
                };
                Ast::Condition(Box::new(left), Box::new(then), otherwise)
            }
            "?:" => Ast::Elvis(Box::new(left), Box::new(self.expression(bp)?)),
            "??" => Ast::Coalesce(Box::new(left), Box::new(self.expression(bp)?)),
            ":=" => {
                let Ast::Variable(name) = left else {
                    return Err(format!(
                        "the left side of ':=' must be a $variable (at {at})"
                    ));
                };
                Ast::Bind(name, Box::new(self.expression(bp - 1)?))
            }
            "~>" => Ast::Apply(Box::new(left), Box::new(self.expression(bp)?)),
            "^" => {
                self.expect("(")?;
                let mut terms = Vec::new();
                loop {
                    let descending = if self.is_op("<") {
                        self.pos += 1;
                        false
                    } else if self.is_op(">") {
                        self.pos += 1;
                        true
                    } else {
                        false
                    };
                    terms.push((self.expression(0)?, descending));
                    if !self.is_op(",") {
                        break;
                    }
                    self.pos += 1;
                }
                self.expect(")")?;
                Ast::Sort(Box::new(left), terms)
            }
            "+" => binary(BinaryOp::Add, self)?,
            "-" => binary(BinaryOp::Sub, self)?,
            "*" => binary(BinaryOp::Mul, self)?,
            "/" => binary(BinaryOp::Div, self)?,
            "%" => binary(BinaryOp::Mod, self)?,
            "=" => binary(BinaryOp::Eq, self)?,
            "!=" => binary(BinaryOp::Ne, self)?,
            "<" => binary(BinaryOp::Lt, self)?,
            "<=" => binary(BinaryOp::Le, self)?,
            ">" => binary(BinaryOp::Gt, self)?,
            ">=" => binary(BinaryOp::Ge, self)?,
            "&" => binary(BinaryOp::Concat, self)?,
            "and" => binary(BinaryOp::And, self)?,
            "or" => binary(BinaryOp::Or, self)?,
            "in" => binary(BinaryOp::In, self)?,
            ".." => binary(BinaryOp::Range, self)?,
            other => return Err(format!("'{other}' cannot follow an expression (at {at})")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_jsonata() {
        for ok in [
            "$states.input.items[price > 10].name",
            "Account.Order.Product.(Price * Quantity)",
            "$sum(Account.Order.Product.(Price * Quantity))",
            "$count($states.input.list) > 0 ? 'some' : 'none'",
            "{ 'total': $sum(items.price), 'names': items.name[] }",
            "[1..5, 7]",
            "($x := 3; $y := $x * 2; $y)",
            "function($a, $b) { $a + $b }(1, 2)",
            "function($a)<n:n>{ $a }",
            "items^(>price, name)",
            "items{type: $sum(price)}",
            "$map([1,2], function($v, $i) { $v * $i })",
            "'a' & \"b\" & `odd name`",
            "$contains(text, /^ab+c$/i)",
            "Phone[type='mobile'].number",
            "library.books#$i[$i < 2]",
            "library.loans@$l.books@$b[$l.isbn=$b.isbn]",
            "$ ~> |Account.Order.Product|{'Total': Price * Quantity}, ['Description']|",
            "$.a and $.b or not",
            "in.and.or",
            "a ?: b ?? c",
            "$substringBefore(?, '-')",
            "/* comment */ 1 + 2",
            "-(3) - -1e3",
            "$$.x",
            "**.name",
            "$states.context.Execution.Input",
        ] {
            parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "(a + ",
            "a +",
            "[1, 2",
            "{'a': 1",
            "{'a' 1}",
            "a b",
            "$x :=",
            "'unclosed",
            "/unclosed",
            "a ? ",
            "f(1,",
            "function(a) { 1 }",
            "1 := 2",
            ")",
            "a]",
            "1 + 2 3",
            "a..",
            "/* open",
            "x.",
            "a[",
            "'\\q'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn precedence() {
        let Ast::Binary(BinaryOp::Add, _, right) = parse("1 + 2 * 3").unwrap() else {
            panic!()
        };
        assert!(matches!(*right, Ast::Binary(BinaryOp::Mul, _, _)));
        assert!(matches!(parse("a.b[0]").unwrap(), Ast::Path(..)));
    }
}
