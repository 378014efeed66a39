//! The JSON edit script: written directly from the steps (byte for byte what serde_json would
//! write), and replayed by [`apply`] to rebuild the new page from the old one.

use super::*;

/// One edit-script entry, as [`script_json`] writes it.
pub(super) struct Op<'a> {
    pub(super) op: &'static str,
    pub(super) kind: Option<&'static str>,
    pub(super) old: Option<usize>,
    pub(super) new: Option<usize>,
    pub(super) count: Option<usize>,
    pub(super) words: Option<&'a [Words<'a>]>,
    pub(super) source: Option<&'a str>,
}

impl Op<'_> {
    /// About how long the op is in JSON: its text, and room for its fields (escapes may add
    /// more; the script then grows as strings do).
    fn json_len_estimate(&self) -> usize {
        const FIELDS: usize = 64;
        const PER_RUN: usize = 8;
        let words = self.words.unwrap_or_default();
        let word_text: usize = words.iter().map(|run| run.text.len() + PER_RUN).sum();
        FIELDS + word_text + self.source.map_or(0, str::len)
    }

    const BLANK: Op<'static> = Op {
        op: "equal",
        kind: None,
        old: None,
        new: None,
        count: None,
        words: None,
        source: None,
    };
}

/// The edit script's ops; unchanged runs are collapsed into one `equal` op with a count, split
/// where a block's surrounding whitespace changed.
pub(super) fn edit_ops<'a>(
    steps: &'a [Step<'a>],
    old_blocks: &[Part<'_>],
    new_blocks: &[Part<'a>],
) -> Vec<Op<'a>> {
    let mut ops: Vec<Op<'_>> = Vec::with_capacity(steps.len());
    for step in steps {
        match step {
            Step::Equal { old, new, count } => {
                equal_ops(*old, *new, *count, old_blocks, new_blocks, &mut ops);
            }
            other => ops.push(script_op(other)),
        }
    }
    ops
}

/// The ops as compact JSON, fields in the order of [`Op`] and absent ones left out: what
/// serde_json makes of them (a test holds it to that), written directly because serde_json
/// escapes strings a byte at a time, and the strings are most of a script (see
/// [`crate::escape`]).
pub(super) fn script_json(ops: &[Op<'_>]) -> String {
    let mut json = String::with_capacity(ops.iter().map(Op::json_len_estimate).sum::<usize>() + 2);
    json.push('[');
    for (index, op) in ops.iter().enumerate() {
        if index > 0 {
            json.push(',');
        }
        write_op(&mut json, op);
    }
    json.push(']');
    json
}

/// Appends one op as a JSON object.
pub(super) fn write_op(json: &mut String, op: &Op<'_>) {
    json.push_str("{\"op\":");
    json_string_into(json, op.op);
    if let Some(kind) = op.kind {
        json.push_str(",\"kind\":");
        json_string_into(json, kind);
    }
    let numbers = [
        (",\"old\":", op.old),
        (",\"new\":", op.new),
        (",\"count\":", op.count),
    ];
    for (field, value) in numbers {
        if let Some(value) = value {
            json.push_str(field);
            json.push_str(itoa::Buffer::new().format(value));
        }
    }
    if let Some(words) = op.words {
        json.push_str(",\"words\":[");
        for (index, run) in words.iter().enumerate() {
            if index > 0 {
                json.push(',');
            }
            json.push_str("[\"");
            json.push_str(tag_sign(run.tag));
            json.push_str("\",");
            json_string_into(json, &run.text);
            json.push(']');
        }
        json.push(']');
    }
    if let Some(source) = op.source {
        json.push_str(",\"source\":");
        json_string_into(json, source);
    }
    json.push('}');
}

/// The `equal` ops of an unchanged run: one per stretch of byte-identical blocks, and one with
/// the new `source` for each block whose whitespace changed.
pub(super) fn equal_ops<'a>(
    old: usize,
    new: usize,
    count: usize,
    old_blocks: &[Part<'_>],
    new_blocks: &[Part<'a>],
    ops: &mut Vec<Op<'a>>,
) {
    let run = |start: usize, len: usize| Op {
        old: Some(old + start),
        new: Some(new + start),
        count: Some(len),
        ..Op::BLANK
    };
    let mut start = 0;
    for offset in 0..count {
        let before = old_blocks.get(old + offset).map(|block| block.source);
        let after = new_blocks.get(new + offset).map(|block| block.source);
        let unchanged = match (before, after) {
            (Some(before), Some(after)) => same(before.as_bytes(), after.as_bytes()),
            (before, after) => before == after,
        };
        if unchanged {
            continue;
        }
        if offset > start {
            ops.push(run(start, offset - start));
        }
        ops.push(Op {
            source: after,
            ..run(offset, 1)
        });
        start = offset + 1;
    }
    if count > start {
        ops.push(run(start, count - start));
    }
}

pub(super) fn script_op<'a>(step: &'a Step<'a>) -> Op<'a> {
    match step {
        Step::Equal { old, new, count } => Op {
            old: Some(*old),
            new: Some(*new),
            count: Some(*count),
            ..Op::BLANK
        },
        Step::Insert(item) => Op {
            op: "insert",
            kind: Some(kind_name(item.block.kind)),
            new: Some(item.index),
            source: Some(item.block.source),
            ..Op::BLANK
        },
        Step::Delete(item) => Op {
            op: "delete",
            kind: Some(kind_name(item.block.kind)),
            old: Some(item.index),
            ..Op::BLANK
        },
        Step::Replace { old, new, words } => Op {
            op: "replace",
            kind: Some(kind_name(new.block.kind)),
            old: Some(old.index),
            new: Some(new.index),
            words: Some(words),
            source: Some(new.block.source),
            ..Op::BLANK
        },
        Step::Move { old, new } => Op {
            op: "move",
            kind: Some(kind_name(new.block.kind)),
            old: Some(old.index),
            new: Some(new.index),
            source: (old.block.source != new.block.source).then_some(new.block.source),
            ..Op::BLANK
        },
    }
}

pub(super) fn tag_sign(tag: ChangeTag) -> &'static str {
    match tag {
        ChangeTag::Delete => "-",
        ChangeTag::Insert => "+",
        ChangeTag::Equal => "=",
    }
}

/// One edit-script entry as read back by [`apply`] (`kind` and `words` are for people and are
/// not needed to replay).
#[derive(Deserialize)]
pub(super) struct ScriptOp {
    op: String,
    old: Option<usize>,
    new: Option<usize>,
    count: Option<usize>,
    source: Option<String>,
}

/// The new page being rebuilt from the old page's blocks.
pub(super) struct Replay<'a> {
    blocks: &'a [Piece<'a>],
    used: Vec<bool>,
    next_new: usize,
    out: String,
}

impl<'a> Replay<'a> {
    pub(super) fn new(blocks: &'a [Piece<'a>]) -> Self {
        Replay {
            blocks,
            used: vec![false; blocks.len()],
            next_new: 0,
            out: String::new(),
        }
    }

    pub(super) fn op(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        match op.op.as_str() {
            "equal" => self.equal(position, op),
            "insert" => {
                self.produce(position, op)?;
                self.push(required(position, "source", op.source.as_deref())?)
            }
            "delete" => self.consume(position, op.old).map(|_| ()),
            "replace" => {
                self.consume(position, op.old)?;
                self.produce(position, op)?;
                self.push(required(position, "source", op.source.as_deref())?)
            }
            "move" => {
                let block = self.consume(position, op.old)?;
                self.produce(position, op)?;
                self.push(op.source.as_deref().unwrap_or(block.source))
            }
            other => Err(DocumentError::MissingField(format!(
                "op {position}: expected `op` to be equal, insert, delete, replace or move, found `{other}`"
            ))),
        }
    }

    fn equal(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        let old = required(position, "old", op.old)?;
        let count = required(position, "count", op.count)?;
        if op.source.is_some() && count != 1 {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `count` 1 on an equal op with a `source`, found {count}"
            )));
        }
        self.produce_many(position, op, count)?;
        for index in old..old.saturating_add(count) {
            let block = self.consume(position, Some(index))?;
            let source = op.source.as_deref().unwrap_or(block.source);
            self.push(source)?;
        }
        Ok(())
    }

    /// Marks an old block as used and returns it.
    fn consume(
        &mut self,
        position: usize,
        old: Option<usize>,
    ) -> Result<&'a Piece<'a>, DocumentError> {
        let index = required(position, "old", old)?;
        let blocks = self.blocks;
        let (Some(block), Some(used)) = (blocks.get(index), self.used.get_mut(index)) else {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `old` below {}, the number of blocks of the old page, found {index}",
                blocks.len()
            )));
        };
        if *used {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected each old block once, found block {index} again"
            )));
        }
        *used = true;
        Ok(block)
    }

    fn produce(&mut self, position: usize, op: &ScriptOp) -> Result<(), DocumentError> {
        self.produce_many(position, op, 1)
    }

    /// Checks that the op produces the next blocks of the new page, in order.
    fn produce_many(
        &mut self,
        position: usize,
        op: &ScriptOp,
        count: usize,
    ) -> Result<(), DocumentError> {
        let new = required(position, "new", op.new)?;
        if new != self.next_new {
            return Err(DocumentError::MissingField(format!(
                "op {position}: expected `new` to be {}, the next block of the new page, found {new}",
                self.next_new
            )));
        }
        self.next_new = self.next_new.saturating_add(count);
        Ok(())
    }

    fn push(&mut self, source: &str) -> Result<(), DocumentError> {
        if self.out.len() + source.len() > MAX_DOCUMENT_BYTES {
            return Err(DocumentError::TooLarge(MAX_DOCUMENT_BYTES as u64));
        }
        self.out.push_str(source);
        Ok(())
    }

    pub(super) fn finish(self) -> Result<String, DocumentError> {
        if let Some(index) = self.used.iter().position(|used| !used) {
            return Err(DocumentError::MissingField(format!(
                "expected the edit script to mention every block of the old page, found none for block {index}"
            )));
        }
        Ok(self.out)
    }
}

/// A field an op needs, or an error naming it.
pub(super) fn required<T>(position: usize, field: &str, value: Option<T>) -> Result<T, DocumentError> {
    value.ok_or_else(|| {
        DocumentError::MissingField(format!("op {position}: expected a `{field}` field"))
    })
}

/// A JSON error while reading an edit script: bad syntax is malformed JSON, a wrong shape is a
/// missing or mistyped field.
pub(super) fn script_error(error: serde_json::Error) -> DocumentError {
    let message = format!("edit script: {}", error.to_string().to_lowercase());
    match error.classify() {
        serde_json::error::Category::Data => DocumentError::MissingField(message),
        _ => DocumentError::MalformedJson(message),
    }
}
