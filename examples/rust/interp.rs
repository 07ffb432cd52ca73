//! interp: a tokenizer, parser and tree-walking interpreter for a small language (integers,
//! variables, functions, recursion, while/if, arrays), running a few benchmark programs and
//! printing their results and a checksum. `interp [SCALE]` (default 1) scales the work.
//! Exercises: enums and Box-heavy ASTs, HashMap, Vec growth, recursion, panics-free error paths.

use std::collections::HashMap;
use std::env;

#[derive(Debug, Clone, PartialEq)]
enum Tok { Num(i64), Ident(String), Sym(&'static str), Kw(&'static str), Eof }

const SYMS: [&str; 21] = ["==", "!=", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "{", "}", ",", ";", "["];
const KWS: [&str; 7] = ["fn", "let", "while", "if", "else", "return", "print"];

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    'outer: while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() { i += 1; continue; }
        if c == b'#' { while i < b.len() && b[i] != b'\n' { i += 1; } continue; }
        if c.is_ascii_digit() {
            let mut v: i64 = 0;
            while i < b.len() && b[i].is_ascii_digit() { v = v * 10 + (b[i] - b'0') as i64; i += 1; }
            out.push(Tok::Num(v));
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') { i += 1; }
            let w = &src[s..i];
            match KWS.iter().find(|k| **k == w) {
                Some(k) => out.push(Tok::Kw(k)),
                None => out.push(Tok::Ident(w.to_string())),
            }
            continue;
        }
        if c == b']' { out.push(Tok::Sym("]")); i += 1; continue; }
        for s in SYMS.iter() {
            if src[i..].starts_with(s) { out.push(Tok::Sym(s)); i += s.len(); continue 'outer; }
        }
        return Err(format!("unexpected character '{}' at {}", c as char, i));
    }
    out.push(Tok::Eof);
    Ok(out)
}

#[derive(Debug)]
enum Expr {
    Num(i64),
    Var(String),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Array(Box<Expr>),
}

#[derive(Debug)]
enum Stmt {
    Let(String, Expr),
    Assign(String, Expr),
    Store(String, Expr, Expr),
    While(Expr, Vec<Stmt>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    Return(Expr),
    Print(Expr),
    Expr(Expr),
}

struct Func { params: Vec<String>, body: Vec<Stmt> }

struct Parser { toks: Vec<Tok>, pos: usize }

impl Parser {
    fn peek(&self) -> &Tok { &self.toks[self.pos] }
    fn next(&mut self) -> Tok { let t = self.toks[self.pos].clone(); if self.pos + 1 < self.toks.len() { self.pos += 1; } t }
    fn expect(&mut self, s: &'static str) -> Result<(), String> {
        match self.next() { Tok::Sym(x) if x == s => Ok(()), t => Err(format!("expected '{}', got {:?}", s, t)) }
    }
    fn ident(&mut self) -> Result<String, String> {
        match self.next() { Tok::Ident(s) => Ok(s), t => Err(format!("expected identifier, got {:?}", t)) }
    }
    fn program(&mut self) -> Result<HashMap<String, Func>, String> {
        let mut funcs = HashMap::new();
        while *self.peek() != Tok::Eof {
            match self.next() {
                Tok::Kw("fn") => {
                    let name = self.ident()?;
                    self.expect("(")?;
                    let mut params = Vec::new();
                    while *self.peek() != Tok::Sym(")") {
                        params.push(self.ident()?);
                        if *self.peek() == Tok::Sym(",") { self.next(); }
                    }
                    self.expect(")")?;
                    let body = self.block()?;
                    funcs.insert(name, Func { params, body });
                }
                t => return Err(format!("expected fn, got {:?}", t)),
            }
        }
        Ok(funcs)
    }
    fn block(&mut self) -> Result<Vec<Stmt>, String> {
        self.expect("{")?;
        let mut v = Vec::new();
        while *self.peek() != Tok::Sym("}") { v.push(self.stmt()?); }
        self.expect("}")?;
        Ok(v)
    }
    fn stmt(&mut self) -> Result<Stmt, String> {
        let s = match self.peek().clone() {
            Tok::Kw("let") => { self.next(); let n = self.ident()?; self.expect("=")?; Stmt::Let(n, self.expr(0)?) }
            Tok::Kw("while") => { self.next(); let c = self.expr(0)?; return Ok(Stmt::While(c, self.block()?)); }
            Tok::Kw("if") => {
                self.next();
                let c = self.expr(0)?;
                let t = self.block()?;
                let e = if *self.peek() == Tok::Kw("else") {
                    self.next();
                    if *self.peek() == Tok::Kw("if") { vec![self.stmt()?] } else { self.block()? }
                } else { Vec::new() };
                return Ok(Stmt::If(c, t, e));
            }
            Tok::Kw("return") => { self.next(); Stmt::Return(self.expr(0)?) }
            Tok::Kw("print") => { self.next(); Stmt::Print(self.expr(0)?) }
            Tok::Ident(n) if self.toks[self.pos + 1] == Tok::Sym("=") => {
                self.next(); self.next(); Stmt::Assign(n, self.expr(0)?)
            }
            Tok::Ident(n) if self.toks[self.pos + 1] == Tok::Sym("[") => {
                let save = self.pos;
                self.next(); self.next();
                let idx = self.expr(0)?;
                self.expect("]")?;
                if *self.peek() == Tok::Sym("=") { self.next(); Stmt::Store(n, idx, self.expr(0)?) }
                else { self.pos = save; Stmt::Expr(self.expr(0)?) }
            }
            _ => Stmt::Expr(self.expr(0)?),
        };
        self.expect(";")?;
        Ok(s)
    }
    fn prec(op: &str) -> u8 {
        match op { "||" => 1, "&&" => 2, "==" | "!=" => 3, "<" | ">" | "<=" | ">=" => 4, "+" | "-" => 5, "*" | "/" | "%" => 6, _ => 0 }
    }
    fn expr(&mut self, min: u8) -> Result<Expr, String> {
        let mut lhs = self.atom()?;
        loop {
            let op = match self.peek() { Tok::Sym(s) if Self::prec(s) > min => *s, _ => break };
            self.next();
            let rhs = self.expr(Self::prec(op))?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }
    fn atom(&mut self) -> Result<Expr, String> {
        let mut e = match self.next() {
            Tok::Num(v) => Expr::Num(v),
            Tok::Sym("-") => Expr::Bin("-", Box::new(Expr::Num(0)), Box::new(self.atom()?)),
            Tok::Sym("(") => { let e = self.expr(0)?; self.expect(")")?; e }
            Tok::Sym("[") => { let n = self.expr(0)?; self.expect("]")?; Expr::Array(Box::new(n)) }
            Tok::Ident(n) => {
                if *self.peek() == Tok::Sym("(") {
                    self.next();
                    let mut args = Vec::new();
                    while *self.peek() != Tok::Sym(")") {
                        args.push(self.expr(0)?);
                        if *self.peek() == Tok::Sym(",") { self.next(); }
                    }
                    self.expect(")")?;
                    Expr::Call(n, args)
                } else { Expr::Var(n) }
            }
            t => return Err(format!("unexpected token {:?}", t)),
        };
        while *self.peek() == Tok::Sym("[") {
            self.next();
            let i = self.expr(0)?;
            self.expect("]")?;
            e = Expr::Index(Box::new(e), Box::new(i));
        }
        Ok(e)
    }
}

#[derive(Clone, Debug)]
enum Val { Int(i64), Arr(usize) }

struct Interp<'a> { funcs: &'a HashMap<String, Func>, heap: Vec<Vec<i64>>, out: Vec<i64>, steps: u64 }

enum Flow { Normal, Ret(Val) }

impl<'a> Interp<'a> {
    fn int(v: &Val) -> Result<i64, String> { match v { Val::Int(i) => Ok(*i), _ => Err("expected integer".into()) } }
    fn eval(&mut self, e: &Expr, env: &mut HashMap<String, Val>) -> Result<Val, String> {
        self.steps += 1;
        Ok(match e {
            Expr::Num(v) => Val::Int(*v),
            Expr::Var(n) => env.get(n).cloned().ok_or_else(|| format!("unknown variable {}", n))?,
            Expr::Array(n) => {
                let n = Self::int(&self.eval(n, env)?)?;
                self.heap.push(vec![0; n as usize]);
                Val::Arr(self.heap.len() - 1)
            }
            Expr::Index(a, i) => {
                let a = match self.eval(a, env)? { Val::Arr(a) => a, _ => return Err("index of non-array".into()) };
                let i = Self::int(&self.eval(i, env)?)?;
                Val::Int(*self.heap[a].get(i as usize).ok_or("index out of bounds")?)
            }
            Expr::Bin(op, l, r) => {
                let a = Self::int(&self.eval(l, env)?)?;
                if *op == "&&" && a == 0 { return Ok(Val::Int(0)); }
                if *op == "||" && a != 0 { return Ok(Val::Int(1)); }
                let b = Self::int(&self.eval(r, env)?)?;
                Val::Int(match *op {
                    "+" => a.wrapping_add(b), "-" => a.wrapping_sub(b), "*" => a.wrapping_mul(b),
                    "/" => if b == 0 { return Err("division by zero".into()) } else { a.wrapping_div(b) },
                    "%" => if b == 0 { return Err("division by zero".into()) } else { a.wrapping_rem(b) },
                    "<" => (a < b) as i64, ">" => (a > b) as i64, "<=" => (a <= b) as i64, ">=" => (a >= b) as i64,
                    "==" => (a == b) as i64, "!=" => (a != b) as i64, "&&" | "||" => (b != 0) as i64,
                    _ => return Err(format!("bad operator {}", op)),
                })
            }
            Expr::Call(name, args) => {
                let f = self.funcs.get(name).ok_or_else(|| format!("unknown function {}", name))?;
                if f.params.len() != args.len() { return Err(format!("arity mismatch calling {}", name)); }
                let mut frame = HashMap::new();
                for (p, a) in f.params.iter().zip(args) { let v = self.eval(a, env)?; frame.insert(p.clone(), v); }
                match self.exec(&f.body, &mut frame)? { Flow::Ret(v) => v, Flow::Normal => Val::Int(0) }
            }
        })
    }
    fn exec(&mut self, body: &[Stmt], env: &mut HashMap<String, Val>) -> Result<Flow, String> {
        for s in body {
            match s {
                Stmt::Let(n, e) | Stmt::Assign(n, e) => { let v = self.eval(e, env)?; env.insert(n.clone(), v); }
                Stmt::Store(n, i, e) => {
                    let a = match env.get(n) { Some(Val::Arr(a)) => *a, _ => return Err(format!("{} is not an array", n)) };
                    let i = Self::int(&self.eval(i, env)?)?;
                    let v = Self::int(&self.eval(e, env)?)?;
                    *self.heap[a].get_mut(i as usize).ok_or("index out of bounds")? = v;
                }
                Stmt::While(c, b) => {
                    while Self::int(&self.eval(c, env)?)? != 0 {
                        if let Flow::Ret(v) = self.exec(b, env)? { return Ok(Flow::Ret(v)); }
                    }
                }
                Stmt::If(c, t, e) => {
                    let branch = if Self::int(&self.eval(c, env)?)? != 0 { t } else { e };
                    if let Flow::Ret(v) = self.exec(branch, env)? { return Ok(Flow::Ret(v)); }
                }
                Stmt::Return(e) => return Ok(Flow::Ret(self.eval(e, env)?)),
                Stmt::Print(e) => { let v = Self::int(&self.eval(e, env)?)?; self.out.push(v); println!("{}", v); }
                Stmt::Expr(e) => { self.eval(e, env)?; }
            }
        }
        Ok(Flow::Normal)
    }
}

const PROGRAM: &str = r#"
# recursive fibonacci
fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }
# sieve of Eratosthenes: count primes below n
fn primes(n) {
  let s = [n]; let i = 2; let count = 0;
  while i < n {
    if s[i] == 0 { count = count + 1; let j = i * i; while j < n { s[j] = 1; j = j + i; } }
    i = i + 1;
  }
  return count;
}
# longest collatz chain below n
fn collatz(n) {
  let best = 0; let arg = 0; let i = 1;
  while i < n {
    let x = i; let len = 1;
    while x != 1 { if x % 2 == 0 { x = x / 2; } else { x = 3 * x + 1; } len = len + 1; }
    if len > best { best = len; arg = i; }
    i = i + 1;
  }
  return arg * 1000 + best;
}
# insertion sort of a pseudo-random array, returns a checksum
fn sort(n) {
  let a = [n]; let i = 0; let x = 12345;
  while i < n { x = (x * 1103515245 + 12345) % 2147483648; a[i] = x % 10000; i = i + 1; }
  i = 1;
  while i < n {
    let v = a[i]; let j = i - 1;
    while j >= 0 && a[j] > v { a[j + 1] = a[j]; j = j - 1; }
    a[j + 1] = v; i = i + 1;
  }
  let h = 0; i = 0;
  while i < n { h = (h * 31 + a[i]) % 1000000007; i = i + 1; }
  return h;
}
fn main(scale) {
  print fib(18 + scale);
  print primes(20000 * scale);
  print collatz(3000 * scale);
  print sort(300 * scale);
}
"#;

fn main() {
    let scale: i64 = env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let toks = match lex(PROGRAM) { Ok(t) => t, Err(e) => { eprintln!("lex error: {}", e); std::process::exit(1) } };
    let funcs = match (Parser { toks, pos: 0 }).program() { Ok(f) => f, Err(e) => { eprintln!("parse error: {}", e); std::process::exit(1) } };
    let mut it = Interp { funcs: &funcs, heap: Vec::new(), out: Vec::new(), steps: 0 };
    let call = Expr::Call("main".into(), vec![Expr::Num(scale)]);
    if let Err(e) = it.eval(&call, &mut HashMap::new()) { eprintln!("runtime error: {}", e); std::process::exit(1) }
    let mut h: u64 = 0xcbf29ce484222325;
    for v in &it.out { h = (h ^ *v as u64).wrapping_mul(0x100000001b3); }
    println!("steps: {}", it.steps);
    println!("checksum: {:016x}", h);
}
