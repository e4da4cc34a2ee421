#!/usr/bin/env python3
"""Writes src/api.rs, the public surface of every function, from the one
list of functions (`LIST` in src/kernels/mod.rs) and the declaration each
kernel file opens with (`DECLARATION`, with its doc comment).

    python3 tools/api.py           # rewrite src/api.rs
    python3 tools/api.py --check   # fail if src/api.rs is not up to date (CI)

Everything a function's methods need comes from its kernel file: the docs
(the comment above `DECLARATION`), the kind, the formula and the bounds
(its fields), the kernels (`ACCURATE`, and `FAST` unless `fast: None`) and,
for a parametric function, the parameter type (`DEFAULT`'s type), which is
its Accurate kernel; its Fast one, if any, is `<Type>Fast(params)`. The
numbers themselves stay in Rust: the generated code reads the declaration,
and only the bound sentence of the docs copies it.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/api.rs"


def camel(name):
    return "".join(w.capitalize() for w in name.split("_"))


class Function:
    def __init__(self, name):
        self.name = name
        self.path = f"src/kernels/{name}.rs"
        text = (ROOT / self.path).read_text()
        lines = text.split("\n")
        at = next(
            (i for i, l in enumerate(lines) if l.startswith("pub(crate) const DECLARATION")),
            None,
        )
        if at is None:
            sys.exit(f"{self.path}: no `pub(crate) const DECLARATION`")
        doc = []
        i = at - 1
        while i >= 0 and lines[i].startswith("///"):
            doc.insert(0, lines[i])
            i -= 1
        if not doc:
            sys.exit(f"{self.path}: DECLARATION has no doc comment")
        self.doc = doc
        block = "\n".join(lines[at : lines.index("};", at) + 1])

        def field(f):
            m = re.search(rf"^    {f}: (.*),$", block, re.M)
            if not m:
                sys.exit(f"{self.path}: DECLARATION has no `{f}:` line")
            return m.group(1)

        if field("name") != f'"{name}"':
            sys.exit(f"{self.path}: declares name {field('name')}, listed as {name}")
        m = re.search(r"^    aliases: &\[(.*?)\],$", block, re.M | re.S)
        if not m:
            sys.exit(f"{self.path}: DECLARATION has no `aliases:` field")
        self.aliases = re.findall(r'"([^"]*)"', m.group(1))
        m = re.search(r"^pub\(crate\) const REFUSED: &\[&str\] = &\[(.*?)\];$", text, re.M | re.S)
        self.refused = re.findall(r'"([^"]*)"', m.group(1)) if m else []
        self.kind = field("kind").removeprefix("Kind::")
        self.formula = field("formula").strip('"')
        self.variant = camel(name)

        def bounds(t):
            m = re.match(r"Tier::new\(([^,]+), \"[^\"]*\"\)(?:\.any_parameters\(([^)]+)\))?$", t)
            if not m:
                sys.exit(f"{self.path}: cannot read the tier `{t}`")
            return m.group(1), m.group(2) or m.group(1)

        self.acc = bounds(field("accurate"))
        fast = field("fast")
        self.has_fast = fast != "None"
        self.fast = bounds(fast[len("Some(") : -1]) if self.has_fast else self.acc
        self.param = None
        if self.kind == "Parametric":
            m = re.search(r"^pub\(crate\) const DEFAULT: (\w+) = (.+);$", text, re.M)
            if not m:
                sys.exit(f"{self.path}: a parametric function needs DEFAULT")
            self.param, self.default = m.group(1), m.group(2)
            if self.has_fast and not re.search(
                rf"^pub\(crate\) struct {self.param}Fast\(pub\(crate\) {self.param}\);$", text, re.M
            ):
                sys.exit(f"{self.path}: a parametric Fast tier is `pub(crate) struct {self.param}Fast(pub(crate) {self.param});`")
        elif not re.search(r"^pub\(crate\) const ACCURATE: ", text, re.M):
            sys.exit(f"{self.path}: no `pub(crate) const ACCURATE`")

    def kernels(self, params="params"):
        """The (accurate, fast) kernel expressions."""
        if self.param:
            fast = f"kernels::{self.name}::{self.param}Fast({params})" if self.has_fast else params
            return params, fast
        m = f"kernels::{self.name}"
        return f"{m}::ACCURATE", f"{m}::{'FAST' if self.has_fast else 'ACCURATE'}"


def read_list():
    text = (ROOT / "src/kernels/mod.rs").read_text()
    m = re.search(r"pub\(crate\) const LIST: &\[&Declaration\] = &\[(.*?)\];", text, re.S)
    if not m:
        sys.exit("src/kernels/mod.rs: no `pub(crate) const LIST`")
    return [Function(n) for n in re.findall(r"&(\w+)::DECLARATION", m.group(1))]


def check_aliases(fs):
    """Every name and alias once (ASCII case-insensitive), aliases written
    in lowercase; a refused spelling differs from an alias only by case."""
    seen = {}
    for f in fs:
        for a in [f.name] + f.aliases:
            if a != a.strip() or not a or not a.isascii():
                sys.exit(f"{f.path}: alias {a!r} is not a trimmed ASCII name")
            if a in f.aliases and a != a.lower():
                sys.exit(f"{f.path}: alias {a!r}: write aliases in lowercase (matching ignores case)")
            if a.lower() in seen:
                sys.exit(f"{f.path}: {a!r} already names {seen[a.lower()]}")
            seen[a.lower()] = f.name
    for f in fs:
        for r in f.refused:
            if r.lower() not in seen or r in seen:
                sys.exit(f"{f.path}: refused {r!r} must differ from an alias by case only")


def doc(lines, indent):
    return "".join(f"{indent}{l}\n" if l != "///" else f"{indent}///\n" for l in lines)


def d(text, indent):
    """`text` as doc lines."""
    return "".join(f"{indent}/// {l}".rstrip() + "\n" for l in text.split("\n"))


def bound_sentence(f):
    a, fa = f.acc
    b, fb = f.fast
    if f.kind == "Parametric":
        return (
            "Error bound in ULP ([`Spec`]; measured maxima in the crate-level table), on every "
            f"backend: **accurate ≤ {a} for the default parameters, ≤ {fa} for any; fast ≤ {b} and {fb}**."
        )
    if f.kind == "Rowwise":
        return (
            f"Error bound ([`Spec`], [`Kind::Rowwise`](crate::Kind::Rowwise)), on every backend: **accurate {a}, fast {b}**, "
            "measured as stated above."
        )
    tail = ""
    if f.kind == "Elementwise":
        tail = (
            " (the Fast tier's error is absolute where the result is below 2^-21: "
            "[`Precision::Fast`](crate::Precision::Fast))"
        )
    return (
        "Error bound in ULP ([`Spec`]; measured maxima in the crate-level table): "
        f"**accurate ≤ {a}, fast ≤ {b}** on every backend{tail}."
    )


LENGTHS = "[`Error::LengthMismatch`] if `input.len() != output.len()`; `output` is\nthen left untouched."
ROWS = (
    "[`Error::LengthMismatch`] if `input.len() != output.len()`,\n"
    "[`Error::RowLength`] if `row_len` is 0 or does not divide the length;\n"
    "`output` is then left untouched."
)


HALVES = (
    "[`Error::RowLength`] if `half_len` is 0 or `2 half_len` does not divide\n"
    "`input.len()`, [`Error::BufferLength`] if `output.len()` is not\n"
    "`input.len() / 2`; `output` is then left untouched."
)


def methods(f, first):
    """The `Kernels` methods of `f`; `first` of its kind gets the examples."""
    I = "    "
    n = f.name
    e = f"entries::{n.upper()}"
    p_use = "params, " if f.param else ""
    out = doc(f.doc, I) + f"{I}///\n" + d(bound_sentence(f), I)
    p_arg = f"params: {f.param}, " if f.param else ""
    p_def = f"{f.default}, " if f.param else ""
    if f.kind == "Binary":
        out += d("\n# Errors\n[`Error::BufferLength`] naming `a` or `b` if it is not as long as\n`output`; `output` is then left untouched.", I)
        if first:
            out += d(
                f"\n```\nlet k = actkern::Kernels::detect();\nlet mut y = [0.0f32; 3];\n"
                f"k.{n}(&[1.0, -1.0, 0.0], &[2.0, 3.0, 4.0], &mut y)?;\n"
                f"assert!(k.{n}(&[1.0], &[2.0, 3.0], &mut y[..1]).is_err());\n"
                "# Ok::<(), actkern::Error>(())\n```",
                I,
            )
        out += (
            f"{I}#[inline]\n{I}pub fn {n}<E: Element>(&self, a: &[E], b: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
            f"{I}    check_buffer(\"a\", a.len(), output.len())?;\n{I}    check_buffer(\"b\", b.len(), output.len())?;\n"
            f"{I}    (self.entry(E::pick(&{e})))(*self, E::any(a), E::any(b), E::any_mut(output));\n{I}    Ok(())\n{I}}}\n\n"
        )
        out += d(
            f"In-place [`Kernels::{n}`]: the results go into `a` (for a gated unit,\n"
            "the gate buffer), the same bits as out of place.\n\n# Errors\n"
            "[`Error::BufferLength`] if `b` is not as long as `a`; `a` is then left\nuntouched.",
            I,
        )
        if first:
            out += d(
                f"\n```\nlet k = actkern::Kernels::detect();\nlet (mut g, u) = ([1.0f32, -1.0, 0.0], [2.0f32, 3.0, 4.0]);\n"
                f"let mut y = [0.0f32; 3];\nk.{n}(&g, &u, &mut y)?;\nk.{n}_inplace(&mut g, &u)?;\n"
                "assert_eq!(g.map(f32::to_bits), y.map(f32::to_bits));\n"
                "# Ok::<(), actkern::Error>(())\n```",
                I,
            )
        out += (
            f"{I}#[inline]\n{I}pub fn {n}_inplace<E: Element>(&self, a: &mut [E], b: &[E]) -> Result<(), Error> {{\n"
            f"{I}    check_buffer(\"b\", b.len(), a.len())?;\n"
            f"{I}    (self.entry(E::pick(&{e}_INPLACE)))(*self, E::any_mut(a), E::any(b));\n{I}    Ok(())\n{I}}}\n\n"
        )
        out += d(
            f"[`Kernels::{n}`] of each row of a fused projection: `input` holds rows\n"
            "of `2 half_len` elements laid out `[a | b]` (gate, then up), `output`\n"
            "rows of `half_len`; each output row is, bit for bit, the out-of-place\n"
            "call on its row's two halves.\n\n# Errors\n" + HALVES,
            I,
        )
        if first:
            out += d(
                f"\n```\nlet k = actkern::Kernels::detect();\n"
                "let x = [1.0f32, -1.0, 2.0, 3.0, 1.0, -1.0, 2.0, 3.0]; // two rows [gate | up]\n"
                f"let mut y = [0.0f32; 4];\nk.{n}_rows(2, &x, &mut y)?;\nassert_eq!(y[..2], y[2..]);\n"
                f"assert!(k.{n}_rows(3, &x, &mut y).is_err());\n"
                "# Ok::<(), actkern::Error>(())\n```",
                I,
            )
        out += (
            f"{I}#[inline]\n{I}pub fn {n}_rows<E: Element>(&self, half_len: usize, input: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
            f"{I}    check_halves(half_len, input.len(), output.len())?;\n"
            f"{I}    (self.entry(E::pick(&{e}_ROWS)))(*self, E::any(input), E::any_mut(output), half_len);\n{I}    Ok(())\n{I}}}\n"
        )
        return out
    # The whole slice is one row for a row function.
    whole, whole_in = (", input.len()", ", n") if f.kind == "Rowwise" else ("", "")
    let_n = f"{I}    let n = data.len();\n" if f.kind == "Rowwise" else ""
    out += d("\n# Errors\n" + LENGTHS, I)
    if first:
        out += d(
            "\n```\nlet k = actkern::Kernels::detect();\n"
            + (f"use actkern::{f.param};\n" if f.param else "")
            + f"let mut y = [0.0f32; 3];\nk.{n}({p_def}&[0.0, 1.0, -1.0], &mut y)?;\n"
            f"assert!(k.{n}({p_def}&[0.0, 1.0], &mut y).is_err());\n"
            "# Ok::<(), actkern::Error>(())\n```",
            I,
        )
    out += (
        f"{I}#[inline]\n{I}pub fn {n}<E: Element>(&self, {p_arg}input: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
        f"{I}    check_lengths(input, output)?;\n"
        f"{I}    (self.entry(E::pick(&{e})))(*self, {p_use}E::any(input), E::any_mut(output){whole});\n{I}    Ok(())\n{I}}}\n\n"
    )
    out += d(f"In-place [`Kernels::{n}`]: the same results, bit for bit.", I)
    if first:
        out += d(
            "\n```\nlet k = actkern::Kernels::detect();\n"
            + (f"use actkern::{f.param};\n" if f.param else "")
            + f"let mut data = [0.0f32, 1.0, -1.0];\nlet mut out = [0.0f32; 3];\n"
            f"k.{n}({p_def}&data, &mut out)?;\nk.{n}_inplace({p_def}&mut data);\n"
            "assert_eq!(data.map(f32::to_bits), out.map(f32::to_bits));\n"
            "# Ok::<(), actkern::Error>(())\n```",
            I,
        )
    out += (
        f"{I}#[inline]\n{I}pub fn {n}_inplace<E: Element>(&self, {p_arg}data: &mut [E]) {{\n"
        f"{let_n}{I}    (self.entry(E::pick(&{e}_INPLACE)))(*self, {p_use}E::any_mut(data){whole_in});\n{I}}}\n"
    )
    if f.kind == "Rowwise":
        out += "\n" + d(
            f"[`Kernels::{n}`] of each row of a row-major buffer: rows of `row_len`\n"
            "elements, each normalised on its own (the same results, bit for bit, as\n"
            "one call per row). What a batch of logits `[rows, row_len]` needs.\n\n# Errors\n" + ROWS,
            I,
        )
        if first:
            out += d(
                "\n```\nlet k = actkern::Kernels::detect();\n"
                "let x = [1.0f32, 2.0, 3.0, 1.0, 2.0, 3.0];\nlet mut y = [0.0f32; 6];\n"
                f"k.{n}_rows(3, &x, &mut y)?;\nassert_eq!(y[..3], y[3..]);\n"
                f"assert!(k.{n}_rows(4, &x, &mut y).is_err());\n"
                "# Ok::<(), actkern::Error>(())\n```",
                I,
            )
        out += (
            f"{I}#[inline]\n{I}pub fn {n}_rows<E: Element>(&self, row_len: usize, input: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
            f"{I}    check_lengths(input, output)?;\n{I}    check_rows(input.len(), row_len)?;\n"
            f"{I}    (self.entry(E::pick(&{e})))(*self, E::any(input), E::any_mut(output), row_len);\n{I}    Ok(())\n{I}}}\n\n"
        )
        out += d(
            f"In-place [`Kernels::{n}_rows`]: the same results, bit for bit.\n\n# Errors\n"
            "[`Error::RowLength`] if `row_len` is 0 or does not divide the length;\n"
            "`data` is then left untouched.",
            I,
        )
        out += (
            f"{I}#[inline]\n{I}pub fn {n}_rows_inplace<E: Element>(&self, row_len: usize, data: &mut [E]) -> Result<(), Error> {{\n"
            f"{I}    check_rows(data.len(), row_len)?;\n"
            f"{I}    (self.entry(E::pick(&{e}_INPLACE)))(*self, E::any_mut(data), row_len);\n{I}    Ok(())\n{I}}}\n"
        )
    return out


def generate():
    fs = read_list()
    check_aliases(fs)
    acts = [f for f in fs if f.kind != "Binary"]
    bins = [f for f in fs if f.kind == "Binary"]
    o = []
    w = o.append
    w(
        "// @generated by tools/api.py from the function list (`LIST`, src/kernels/mod.rs)\n"
        "// and each kernel file's `DECLARATION`: do not edit. Regenerate with\n"
        "// `python3 tools/api.py`; CI fails if this file is not up to date.\n"
        "//! The public surface of every function: [`Activation`] and [`Binary`],\n"
        "//! the [`Kernels`] methods, the crate-root free functions and [`scalar`].\n"
        "//!\n"
        "//! Each method is compiled here, once per backend and tier, not in the\n"
        "//! caller's crate; [`Kernels::apply`] and its siblings are thin `match`es\n"
        "//! over these methods, so a constant function folds to one call.\n\n"
        "use crate::dispatch::Kernels;\n"
        "use crate::error::{Error, check_buffer, check_lengths, check_rows, parse_name};\n"
        "use crate::kernels;\n"
        "use crate::kernels::element::Element;\n"
        "use crate::spec::Spec;\n"
    )
    params = sorted({(f.name, f.param) for f in acts if f.param})
    for name, p in params:
        w(f"use crate::kernels::{name}::{p};\n")
    w(
        "\n/// One function, with its parameters: what [`Kernels::apply`] runs. Lets\n"
        "/// an engine pick activations at run time, e.g. from a model file\n"
        "/// (`FromStr` takes the function's name, or the PyTorch, Hugging Face or\n"
        "/// ONNX spelling of the same function, with default parameters).\n"
        "///\n/// ```\n/// use actkern::{Activation, Kernels};\n"
        "/// // e.g. from a model file or the command line:\n"
        "/// let name = std::env::args().nth(1).unwrap_or(Activation::ALL[0].to_string());\n"
        "/// let act: Activation = name.parse()?;\n/// let mut y = [0.0f32; 2];\n"
        "/// Kernels::detect().apply(act, &[0.0, 1.0], &mut y)?;\n"
        "/// # Ok::<(), actkern::Error>(())\n/// ```\n"
        "///\n/// `Eq` and `Hash` make it a map key (parameters compare as their\n"
        "/// values, `-0.0` equal to `+0.0`):\n///\n/// ```\n"
        "/// use actkern::{Activation, Gauss};\n/// use std::collections::HashMap;\n"
        "/// let mut calls = HashMap::new();\n"
        "/// *calls.entry(\"swish\".parse::<Activation>()?).or_insert(0) += 1;\n"
        "/// *calls.entry(Activation::Silu).or_insert(0) += 1;\n"
        "/// *calls.entry(Activation::Gauss(Gauss::new(-0.0, 1.0, 1.0)?)).or_insert(0) += 1;\n"
        "/// assert_eq!(calls[&Activation::Silu], 2);\n"
        "/// assert_eq!(calls[&Activation::Gauss(Gauss::STANDARD)], 1);\n"
        "/// # Ok::<(), actkern::Error>(())\n/// ```\n"
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum Activation {\n"
    )
    for f in acts:
        w(f"    /// [`Kernels::{f.name}`]: {f.formula}.\n")
        w(f"    {f.variant}({f.param}),\n" if f.param else f"    {f.variant},\n")
    w("}\n\n")
    w(f"/// The list's declarations in their public form.\nstatic SPECS: [Spec; {len(fs)}] = [\n")
    for i, f in enumerate(fs):
        w(f"    kernels::LIST[{i}].spec(), // {f.name}\n")
    w("];\n\n")
    w(
        "impl Activation {\n"
        "    /// Every function of one input once, parametric ones with their\n"
        "    /// default parameters.\n    ///\n    /// ```\n"
        "    /// for a in actkern::Activation::ALL {\n"
        "    ///     assert_eq!(a.name().parse::<actkern::Activation>()?, *a);\n    /// }\n"
        "    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    pub const ALL: &'static [Activation] = &[\n"
    )
    for f in acts:
        w(
            f"        Activation::{f.variant}(kernels::{f.name}::DEFAULT),\n"
            if f.param
            else f"        Activation::{f.variant},\n"
        )
    w(
        "    ];\n\n    /// The function's name (its method's name).\n"
        "    pub fn name(&self) -> &'static str {\n        self.spec().name\n    }\n\n"
        "    /// The function's declaration: kind, bounds per tier, special values.\n"
        "    ///\n    /// ```\n    /// use actkern::{Activation, Precision};\n"
        "    /// let b = Activation::Exp.spec().tier(Precision::Accurate).bound;\n"
        "    /// assert!(b <= 1.0);\n    /// ```\n"
        "    pub fn spec(&self) -> &'static Spec {\n        match self {\n"
    )
    for i, f in enumerate(fs):
        if f.kind != "Binary":
            pat = f"Activation::{f.variant}(_)" if f.param else f"Activation::{f.variant}"
            w(f"            {pat} => &SPECS[{i}],\n")
    w("        }\n    }\n}\n\n")
    w(
        "/// A function of two inputs, `y[i] = f(a[i], b[i])`: what\n"
        "/// [`Kernels::apply_binary`] runs.\n///\n/// ```\n/// use actkern::Binary;\n"
        "/// for f in Binary::ALL {\n///     assert_eq!(f.name().parse::<Binary>()?, *f);\n/// }\n"
        "/// # Ok::<(), actkern::Error>(())\n/// ```\n"
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum Binary {\n"
    )
    for f in bins:
        w(f"    /// [`Kernels::{f.name}`]: {f.formula}.\n    {f.variant},\n")
    w("}\n\nimpl Binary {\n    /// Every function of two inputs.\n")
    w("    pub const ALL: &'static [Binary] = &[" + ", ".join(f"Binary::{f.variant}" for f in bins) + "];\n\n")
    w(
        "    /// The function's name (its method's name).\n"
        "    pub fn name(&self) -> &'static str {\n        self.spec().name\n    }\n\n"
        "    /// The function's declaration ([`Kind::Binary`](crate::Kind::Binary); its special values\n"
        "    /// are in [`Spec::pair_specials`]).\n"
        "    pub fn spec(&self) -> &'static Spec {\n        match self {\n"
    )
    for i, f in enumerate(fs):
        if f.kind == "Binary":
            w(f"            Binary::{f.variant} => &SPECS[{i}],\n")
    w("        }\n    }\n}\n\n")
    for ty, what in (("Activation", "activation"), ("Binary", "binary function")):
        group = acts if ty == "Activation" else bins
        names = " ".join(f.name for f in group)
        aliases = [(a, f) for f in group for a in f.aliases]
        refused = [(r, f) for f in group for r in f.refused]
        table = ""
        if aliases:
            table = (
                "    ///\n    /// Also the spellings of PyTorch, Hugging Face (`ACT2FN`) and ONNX\n"
                "    /// that mean the same function with the same default parameters\n"
                "    /// ([`Spec::aliases`]; spellings that differ from a name only by case,\n"
                "    /// such as `SiLU`, `GELU`, `ReLU6`, `Elu` or `Softmax`, need none):\n"
                "    ///\n    /// | alias | function |\n    /// |---|---|\n"
                + "".join(f"    /// | `{a}` | [`{f.name}`](Kernels::{f.name}) |\n" for a, f in aliases)
            )
        if refused:
            table += (
                "    ///\n    /// Refused as spelled here, although they differ from an alias only by\n"
                "    /// case, because they name another function elsewhere (see the\n    /// function's docs): "
                + ", ".join(f"`{r}` (not [`{f.name}`](Kernels::{f.name}))" for r, f in refused)
                + ".\n"
            )
        refused_list = ", ".join(f"kernels::{f.name}::REFUSED" for f in dict.fromkeys(f for _, f in refused))
        w(
            f"impl core::fmt::Display for {ty} {{\n"
            "    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {\n"
            "        f.write_str(self.name())\n    }\n}\n\n"
            f"impl core::str::FromStr for {ty} {{\n    type Err = Error;\n"
            "    /// A function's name, ASCII case-insensitive and trimmed"
            + (";\n    /// parametric functions get their default parameters.\n" if ty == "Activation" else ".\n")
            + table
            + "    ///\n    /// # Errors\n    /// [`Error::UnknownName`], naming `s`, for a name not in the list.\n"
            f"    fn from_str(s: &str) -> Result<{ty}, Error> {{\n"
            f"        parse_name({ty}::ALL, |a| (a.spec().name, a.spec().aliases), &[{refused_list}], s, \"{what}\", \"{names} ({ty}::ALL){' or an alias' if aliases else ''}\")\n"
            "    }\n}\n\n"
        )
    w(CHECK_HALVES)
    # Each function's entries per tier and backend.
    w(ENTRIES_HEAD)
    for name, p in params:
        w(f"    use crate::kernels::{name}::{p};\n")
    for f in fs:
        N = f.name.upper()
        acc, fast = f.kernels("p")
        if f.kind == "Binary":
            variants = [
                ("", "BinaryEntry", "fn(k, a: AnySlice<'_>, b: AnySlice<'_>, out: AnySliceMut<'_>)",
                 lambda kern, E, fixes: f"BinaryJob::<_, {E}, false>::new({kern}, a, b, out)"),
                ("_INPLACE", "BinaryInPlaceEntry", "fn(k, a: AnySliceMut<'_>, b: AnySlice<'_>)",
                 lambda kern, E, fixes: f"BinaryJob::<_, {E}, true>::in_place({kern}, a, b)"),
                ("_ROWS", "BinaryRowsEntry", "fn(k, input: AnySlice<'_>, output: AnySliceMut<'_>, half_len: usize)",
                 lambda kern, E, fixes: f"BinaryRowsJob::<_, {E}>::new({kern}, input, output, half_len)"),
            ]
        else:
            p_arg = f", p: {f.param}" if f.param else ""
            ty = ("Param{}Entry<" + f.param + ">") if f.param else ("Rows{}Entry" if f.kind == "Rowwise" else "{}Entry")
            rows = ", row_len: usize" if f.kind == "Rowwise" else ""
            if f.kind == "Rowwise":
                job = lambda kern, io, inp, E, fixes: f"RowJob::<_, {E}, {inp}> {{ r: {kern}, io: {io}, row_len, masked: k.masked_rows() }}"
            else:
                job = lambda kern, io, inp, E, fixes: f"ElementJob::<_, {E}, {inp}> {{ k: {kern}, io: {io}, fixes: {fixes} }}"
            variants = [
                ("", ty.format("Out"), f"fn(k{p_arg}, input: AnySlice<'_>, output: AnySliceMut<'_>{rows})",
                 lambda kern, E, fixes, job=job: job(kern, "Io::out(input, output)", "false", E, fixes)),
                ("_INPLACE", ty.format("InPlace"), f"fn(k{p_arg}, data: AnySliceMut<'_>{rows})",
                 lambda kern, E, fixes, job=job: job(kern, "Io::in_place(data)", "true", E, fixes)),
            ]
        for suffix, ty, sig, job in variants:
            w("\n")
            tables = []
            for E in FORMATS:
                F = E.upper()
                cfg = "" if E == "f32" else '    #[cfg(feature = "half")]\n'
                if E == "f32" or f.kind not in ("Elementwise", "Parametric"):
                    fixes = "None"
                elif f.param:
                    fixes = f"(p == kernels::{f.name}::DEFAULT).then_some(&kernels::half_fixes::{N}_{F})"
                else:
                    fixes = f"Some(&kernels::half_fixes::{N}_{F})"
                w(f"{cfg}    const {N}{suffix}_{F}_ACCURATE: Backends<{ty}> = entries!({sig} {job(acc, E, fixes)});\n")
                if f.has_fast:
                    w(f"{cfg}    const {N}{suffix}_{F}_FAST: Backends<{ty}> = entries!({sig} {job(fast, E, 'None')});\n")
                tables.append((E, f"[{N}{suffix}_{F}_ACCURATE, {N}{suffix}_{F}_{'FAST' if f.has_fast else 'ACCURATE'}]"))
            w(f"    pub(super) const {N}{suffix}: Formats<Tiers<{ty}>> = Formats {{\n")
            for E, t in tables:
                if E != "f32":
                    w('        #[cfg(feature = "half")]\n')
                w(f"        {E}: {t},\n")
            w("    };\n")
    w("}\n\n")
    # Kernels: the methods, then the run-time dispatch over them.
    w("/// The named methods, one per function (and its `_inplace` and `_rows`\n/// twins).\nimpl Kernels {\n")
    seen = set()
    for f in fs:
        w(methods(f, f.kind not in seen) + "\n")
        seen.add(f.kind)
    o[-1] = o[-1].rstrip("\n") + "\n"
    w("}\n\n")
    w(RUNTIME_HEAD)
    w(
        "    /// `output[i] = a(input[i])` for element-wise and parametric\n"
        "    /// activations, the row function of the whole slice for row-wise ones:\n"
        "    /// the named method, so the same results bit for bit.\n    ///\n"
        "    /// # Errors\n    /// [`Error::LengthMismatch`] if `input.len() != output.len()`;\n"
        "    /// `output` is then left untouched.\n    ///\n    /// ```\n"
        "    /// use actkern::{Activation, Kernels};\n    /// let k = Kernels::detect();\n"
        "    /// let mut y = [0.0f32; 3];\n    /// for a in Activation::ALL {\n"
        "    ///     k.apply(*a, &[0.25, 0.5, 0.75], &mut y)?;\n    /// }\n"
        "    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply<E: Element>(&self, a: Activation, input: &[E], output: &mut [E]) -> Result<(), Error> {\n"
        "        match a {\n"
    )
    for f in acts:
        if f.param:
            w(f"            Activation::{f.variant}(p) => self.{f.name}(p, input, output),\n")
        else:
            w(f"            Activation::{f.variant} => self.{f.name}(input, output),\n")
    w(
        "        }\n    }\n\n"
        "    /// In-place [`Kernels::apply`]: the same results, bit for bit.\n    ///\n"
        "    /// ```\n    /// use actkern::{Activation, Kernels};\n"
        "    /// let mut d = [1.0f32, 2.0, 3.0];\n"
        "    /// Kernels::detect().apply_inplace(Activation::Softmax, &mut d);\n"
        "    /// assert!((d.iter().sum::<f32>() - 1.0).abs() < 1e-6);\n    /// ```\n"
        "    #[inline(always)]\n    pub fn apply_inplace<E: Element>(&self, a: Activation, data: &mut [E]) {\n        match a {\n"
    )
    for f in acts:
        if f.param:
            w(f"            Activation::{f.variant}(p) => self.{f.name}_inplace(p, data),\n")
        else:
            w(f"            Activation::{f.variant} => self.{f.name}_inplace(data),\n")
    w(
        "        }\n    }\n\n"
        "    /// [`Kernels::apply`] on each row of `row_len` elements of a row-major\n"
        "    /// buffer: the `_rows` method of a row-wise function (bit for bit), and\n"
        "    /// for the others the same as [`Kernels::apply`] (rows make no\n"
        "    /// difference to them).\n    ///\n    /// # Errors\n"
        "    /// [`Error::LengthMismatch`] if `input.len() != output.len()`,\n"
        "    /// [`Error::RowLength`] if `row_len` is 0 or does not divide the length;\n"
        "    /// `output` is then left untouched.\n    ///\n    /// ```\n"
        "    /// use actkern::{Activation, Kernels};\n    /// let mut y = [0.0f32; 4];\n"
        "    /// Kernels::detect().apply_rows(Activation::Softmax, 2, &[1.0, 2.0, 1.0, 2.0], &mut y)?;\n"
        "    /// assert_eq!(y[..2], y[2..]);\n    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply_rows<E: Element>(&self, a: Activation, row_len: usize, input: &[E], output: &mut [E]) -> Result<(), Error> {\n"
        "        match a {\n"
    )
    for f in acts:
        if f.kind == "Rowwise":
            w(f"            Activation::{f.variant} => self.{f.name}_rows(row_len, input, output),\n")
    w(
        "            _ => {\n                check_rows(input.len(), row_len)?;\n"
        "                self.apply(a, input, output)\n            }\n        }\n    }\n\n"
        "    /// In-place [`Kernels::apply_rows`]: the same results, bit for bit.\n    ///\n"
        "    /// # Errors\n    /// [`Error::RowLength`] if `row_len` is 0 or does not divide the length;\n"
        "    /// `data` is then left untouched.\n    ///\n    /// ```\n"
        "    /// use actkern::{Activation, Kernels};\n    /// let mut d = [1.0f32, 2.0, 1.0, 2.0];\n"
        "    /// Kernels::detect().apply_rows_inplace(Activation::LogSoftmax, 2, &mut d)?;\n"
        "    /// assert_eq!(d[..2], d[2..]);\n    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply_rows_inplace<E: Element>(&self, a: Activation, row_len: usize, data: &mut [E]) -> Result<(), Error> {\n"
        "        match a {\n"
    )
    for f in acts:
        if f.kind == "Rowwise":
            w(f"            Activation::{f.variant} => self.{f.name}_rows_inplace(row_len, data),\n")
    w(
        "            _ => {\n                check_rows(data.len(), row_len)?;\n"
        "                self.apply_inplace(a, data);\n                Ok(())\n            }\n        }\n    }\n\n"
        "    /// `output[i] = f(a[i], b[i])` for a function of two inputs chosen at run\n"
        "    /// time: the named method, so the same results bit for bit.\n    ///\n"
        "    /// # Errors\n    /// [`Error::BufferLength`] if `a` or `b` is not as long as `output`;\n"
        "    /// `output` is then left untouched.\n    ///\n    /// ```\n"
        "    /// use actkern::{Binary, Kernels};\n    /// let mut y = [0.0f32; 2];\n"
        "    /// for f in Binary::ALL {\n"
        "    ///     Kernels::detect().apply_binary(*f, &[1.0, -1.0], &[2.0, 3.0], &mut y)?;\n"
        "    /// }\n    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply_binary<E: Element>(&self, f: Binary, a: &[E], b: &[E], output: &mut [E]) -> Result<(), Error> {\n"
        "        match f {\n"
    )
    for f in bins:
        w(f"            Binary::{f.variant} => self.{f.name}(a, b, output),\n")
    w(
        "        }\n    }\n\n"
        "    /// In-place [`Kernels::apply_binary`]: the results go into `a`, the same\n"
        "    /// bits as out of place.\n    ///\n"
        "    /// # Errors\n    /// [`Error::BufferLength`] if `b` is not as long as `a`; `a` is then\n"
        "    /// left untouched.\n    ///\n    /// ```\n"
        "    /// use actkern::{Binary, Kernels};\n    /// let mut g = [1.0f32, -1.0];\n"
        "    /// Kernels::detect().apply_binary_inplace(Binary::ALL[0], &mut g, &[2.0, 3.0])?;\n"
        "    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply_binary_inplace<E: Element>(&self, f: Binary, a: &mut [E], b: &[E]) -> Result<(), Error> {\n"
        "        match f {\n"
    )
    for f in bins:
        w(f"            Binary::{f.variant} => self.{f.name}_inplace(a, b),\n")
    w(
        "        }\n    }\n\n"
        "    /// [`Kernels::apply_binary`] on each row of `[a | b]` halves: the\n"
        "    /// `_rows` method of `f`, so the same results bit for bit.\n    ///\n"
        "    /// # Errors\n" + d(HALVES, "    ") + "    ///\n    /// ```\n"
        "    /// use actkern::{Binary, Kernels};\n    /// let mut y = [0.0f32; 2];\n"
        "    /// Kernels::detect().apply_binary_rows(Binary::ALL[0], 1, &[1.0, 2.0, -1.0, 3.0], &mut y)?;\n"
        "    /// # Ok::<(), actkern::Error>(())\n    /// ```\n"
        "    #[inline(always)]\n"
        "    pub fn apply_binary_rows<E: Element>(&self, f: Binary, half_len: usize, input: &[E], output: &mut [E]) -> Result<(), Error> {\n"
        "        match f {\n"
    )
    for f in bins:
        w(f"            Binary::{f.variant} => self.{f.name}_rows(half_len, input, output),\n")
    w("        }\n    }\n}\n\n")
    # Free functions.
    w(
        "/// The crate-root free functions: each runs on [`Kernels::detect()`], with\n"
        "/// the semantics, bounds and errors of the method of the same name.\n///\n"
        "/// ```\n/// let x = [0.0f32, 1.0, -1.0];\n/// let mut y = [0.0f32; 3];\n"
        "/// actkern::sigmoid(&x, &mut y)?;\n/// let mut z = [0.0f32; 3];\n"
        "/// actkern::Kernels::detect().sigmoid(&x, &mut z)?;\n"
        "/// assert_eq!(y.map(f32::to_bits), z.map(f32::to_bits));\n"
        "/// # Ok::<(), actkern::Error>(())\n/// ```\npub mod free {\n"
        "    use super::*;\n"
    )
    for f in fs:
        n = f.name
        see = f"    /// [`Kernels::{{m}}`] on [`Kernels::detect()`].\n"
        if f.kind == "Binary":
            w("\n" + see.format(m=n) + "    ///\n    /// # Errors\n    /// As [`Kernels::" + n + "`].\n")
            w(f"    #[inline]\n    pub fn {n}<E: Element>(a: &[E], b: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
              f"        Kernels::detect().{n}(a, b, output)\n    }}\n")
            for suffix, args, call in (
                ("_inplace", "a: &mut [E], b: &[E]", "a, b"),
                ("_rows", "half_len: usize, input: &[E], output: &mut [E]", "half_len, input, output"),
            ):
                w("\n" + see.format(m=n + suffix) + "    ///\n    /// # Errors\n    /// As [`Kernels::" + n + suffix + "`].\n")
                w(f"    #[inline]\n    pub fn {n}{suffix}<E: Element>({args}) -> Result<(), Error> {{\n"
                  f"        Kernels::detect().{n}{suffix}({call})\n    }}\n")
            continue
        p_arg = f"params: {f.param}, " if f.param else ""
        p_use = "params, " if f.param else ""
        w("\n" + see.format(m=n) + "    ///\n    /// # Errors\n    /// As [`Kernels::" + n + "`].\n")
        w(f"    #[inline]\n    pub fn {n}<E: Element>({p_arg}input: &[E], output: &mut [E]) -> Result<(), Error> {{\n"
          f"        Kernels::detect().{n}({p_use}input, output)\n    }}\n")
        w("\n" + see.format(m=n + "_inplace"))
        w(f"    #[inline]\n    pub fn {n}_inplace<E: Element>({p_arg}data: &mut [E]) {{\n"
          f"        Kernels::detect().{n}_inplace({p_use}data)\n    }}\n")
        if f.kind == "Rowwise":
            for suffix, args, call in (
                ("_rows", "row_len: usize, input: &[E], output: &mut [E]", "row_len, input, output"),
                ("_rows_inplace", "row_len: usize, data: &mut [E]", "row_len, data"),
            ):
                w("\n" + see.format(m=n + suffix) + "    ///\n    /// # Errors\n    /// As [`Kernels::" + n + suffix + "`].\n")
                w(f"    #[inline]\n    pub fn {n}{suffix}<E: Element>({args}) -> Result<(), Error> {{\n"
                  f"        Kernels::detect().{n}{suffix}({call})\n    }}\n")
    w("}\n\n")
    # scalar
    w(SCALAR_HEAD)
    for f in fs:
        if f.kind == "Rowwise":
            continue
        acc, _ = f.kernels()
        if f.kind == "Binary":
            w(f"\n    /// [`Kernels::{f.name}`] of one pair: {f.formula}.\n")
            w(f"    #[inline]\n    pub fn {f.name}(a: f32, b: f32) -> f32 {{\n"
              f"        BinaryKernel::eval({acc}, a, b)\n    }}\n")
        else:
            p_arg = f"params: {f.param}, " if f.param else ""
            w(f"\n    /// [`Kernels::{f.name}`] of one value: {f.formula}.\n")
            w(f"    #[inline]\n    pub fn {f.name}({p_arg}x: f32) -> f32 {{\n"
              f"        UnaryKernel::eval({acc}, x)\n    }}\n")
    w(
        "\n    /// Any function of two inputs on one pair, in the Accurate tier.\n"
        "    ///\n    /// ```\n    /// use actkern::{Binary, scalar};\n"
        "    /// for f in Binary::ALL {\n    ///     let _ = scalar::apply_binary(*f, 1.0, 2.0);\n"
        "    /// }\n    /// ```\n"
        "    #[inline(always)]\n    pub fn apply_binary(f: Binary, a: f32, b: f32) -> f32 {\n        match f {\n"
    )
    for f in bins:
        w(f"            Binary::{f.variant} => {f.name}(a, b),\n")
    w(
        "        }\n    }\n\n"
        "    /// Any activation of one value, in the Accurate tier: element-wise and\n"
        "    /// parametric ones as their `scalar::` function, row-wise ones as the\n"
        "    /// row of this one element (for the normalised exponential: 1 for a\n"
        "    /// finite `x`, NaN otherwise).\n    ///\n    /// ```\n"
        "    /// use actkern::{Activation, scalar};\n"
        "    /// assert_eq!(scalar::apply(Activation::Sigmoid, 0.0), 0.5);\n"
        "    /// assert_eq!(scalar::apply(Activation::Softmax, -3.0), 1.0);\n    /// ```\n"
        "    #[inline(always)]\n    pub fn apply(a: Activation, x: f32) -> f32 {\n        match a {\n"
    )
    for f in acts:
        if f.kind == "Rowwise":
            w(f"            Activation::{f.variant} => row_of_one(a, x),\n")
        elif f.param:
            w(f"            Activation::{f.variant}(p) => {f.name}(p, x),\n")
        else:
            w(f"            Activation::{f.variant} => {f.name}(x),\n")
    w(
        "        }\n    }\n\n"
        "    /// A row function of a row of one, on the Scalar backend (inlined,\n"
        "    /// so that a constant function folds to its method).\n"
        "    #[inline(always)]\n"
        "    fn row_of_one(a: Activation, x: f32) -> f32 {\n"
        "        let mut one = [x];\n"
        "        // `new` cannot fail for the Scalar backend.\n"
        "        if let Ok(k) = Kernels::new(crate::backend::Backend::Scalar) {\n"
        "            k.apply_inplace(a, &mut one);\n        }\n        one[0]\n    }\n}\n"
    )
    return "".join(o)


FORMATS = ["f32", "f16", "bf16"]

CHECK_HALVES = """/// `Ok` if `input` is whole rows of `2 half_len` (`half_len > 0`) and
/// `output` holds their `half_len`-element halves: the `_rows` methods of
/// the functions of two inputs.
#[inline]
fn check_halves(half_len: usize, input: usize, output: usize) -> Result<(), Error> {
    let row_len = half_len.saturating_mul(2);
    check_rows(input, row_len)?;
    check_buffer("output", output, input / 2)
}

"""

ENTRIES_HEAD = """/// Each function's kernel per tier and backend, as non-generic functions
/// compiled here (`entries!`); the named methods pick one with
/// `Kernels::entry`, inlined into the caller.
mod entries {
    use crate::dispatch::{
        Backends, BinaryEntry, BinaryInPlaceEntry, BinaryRowsEntry, InPlaceEntry, OutEntry,
        ParamInPlaceEntry, ParamOutEntry, RowsInPlaceEntry, RowsOutEntry, Tiers, entries,
    };
    use crate::kernels::element::{AnySlice, AnySliceMut, Formats};
    use crate::kernels::{self, BinaryJob, BinaryRowsJob, ElementJob, Io, RowJob};
    #[cfg(feature = "half")]
    use half::{bf16, f16};
"""

RUNTIME_HEAD = """/// A function chosen at run time: one `match` over the named methods.
/// Always inlined (even where the caller optimises for size), so that a
/// constant function folds to the call of its method; a run-time one is a
/// jump to it, never a copy of the kernels.
impl Kernels {
"""

SCALAR_HEAD = """/// One value at a time, for firmware control loops and other scalar code.
///
/// These are the generic kernels of the [`Precision::Accurate`](crate::Precision::Accurate) tier
/// instantiated for one `f32` lane, so results are bit for bit those of
/// [`Backend::Scalar`](crate::Backend::Scalar) and the error bounds are the
/// accurate ones.
///
/// ```
/// use actkern::{Activation, scalar};
/// for a in Activation::ALL {
///     let _ = scalar::apply(*a, 0.5);
/// }
/// assert_eq!(scalar::sigmoid(0.0), 0.5);
/// ```
pub mod scalar {
    use super::*;
    use crate::kernels::{BinaryKernel, UnaryKernel};
"""


def main():
    # Formatted as `cargo fmt` would, so that both leave it unchanged.
    text = subprocess.run(
        ["rustfmt", "--edition", "2024", "--emit", "stdout"],
        input=generate(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit("src/api.rs is not what tools/api.py generates: run `python3 tools/api.py` (then `cargo fmt`)")
        print("src/api.rs is up to date")
        return
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
