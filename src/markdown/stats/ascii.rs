//! Word, syllable and sentence counts of ASCII prose, 64 bytes at a time.
//!
//! The byte-by-byte way (split at white space, then walk each token) pays a branch
//! misprediction at nearly every word boundary, since word lengths follow no pattern,
//! and prose is counted for every page of a site. Here each 64-byte block is first
//! turned into bit masks (white space, letters and digits, letters, vowels), vowel
//! groups for the whole block come from a shift and a mask, and each token is then
//! read off the masks with a few bit operations. Tokens are the runs between ASCII
//! white space, counted with exactly the rule of [`super::count_syllables`] and
//! [`super::sentence_end`]; a test compares the two ways on arbitrary text.

/// What one token contributes: its last byte, its syllables (`None` when it has no
/// letter or digit, so it is no word) and whether it ends a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub last: u8,
    pub syllables: Option<usize>,
    pub ends: bool,
}

const SPACE: u8 = 1;
const ALNUM: u8 = 2;
const VOWEL: u8 = 4;
const LETTER: u8 = 8;

/// What each byte is to the counter.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if matches!(c, b'\t'..=b'\r' | b' ') {
            SPACE
        } else if c.is_ascii_digit() {
            ALNUM
        } else if c.is_ascii_alphabetic() {
            match c.to_ascii_lowercase() {
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => ALNUM | LETTER | VOWEL,
                _ => ALNUM | LETTER,
            }
        } else {
            0
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Calls `each` for every token of `text` (ASCII), in order.
pub fn tokens(text: &str, mut each: impl FnMut(Token)) {
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text.as_bytes()[pos..];
        let (block, len): ([u8; 64], usize) = match rest.first_chunk() {
            Some(full) => (*full, 64),
            // The last, short block, padded with white space.
            None => {
                let mut padded = [b' '; 64];
                padded[..rest.len()].copy_from_slice(rest);
                (padded, rest.len())
            }
        };
        let masks = Masks::of(&block, len);
        let mut starts = !masks.space & ((masks.space << 1) | 1);
        let mut ends = !masks.space & ((masks.space >> 1) | 1 << 63);
        let mut used = 64;
        if rest.len() > 64 && masks.space >> 63 == 0 {
            // The last token may go on in the next block: it starts the next block.
            let last_start = 63 - starts.leading_zeros();
            if last_start == 0 {
                // One token fills the whole block: count it the general way.
                let end = rest.iter().position(|&b| class(b) & SPACE != 0);
                let end = end.unwrap_or(rest.len());
                each(whole_token(&text[pos..pos + end]));
                pos += end;
                continue;
            }
            // (Its end, the block's last, is then never paired with a start.)
            used = last_start as usize;
            starts &= !(1 << last_start);
        }
        let groups = masks.vowel_groups(&block);
        while starts != 0 {
            let (s, e) = (starts.trailing_zeros(), ends.trailing_zeros());
            each(masks.token(&block, &text[pos..], s, e, groups));
            starts &= starts - 1;
            ends &= ends - 1;
        }
        pos += used;
    }
}

/// One block's bytes as bit masks: bit `i` tells of byte `i`.
struct Masks {
    space: u64,
    alnum: u64,
    letter: u64,
    vowel: u64,
}

impl Masks {
    /// The masks of `block`, whose bytes from `len` on are padding (white space).
    fn of(block: &[u8; 64], len: usize) -> Self {
        let chunks = len.div_ceil(8);
        let mut masks = Masks {
            // Whole chunks of padding are white space; prose is often shorter than a
            // block, so they are not looked at.
            space: if chunks == 8 {
                0
            } else {
                u64::MAX << (8 * chunks)
            },
            alnum: 0,
            letter: 0,
            vowel: 0,
        };
        for (k, chunk) in block.chunks_exact(8).take(chunks).enumerate() {
            // The classes of eight bytes side by side; one class bit of each of the
            // eight bytes is then gathered into one byte by a multiplication.
            let classes = u64::from_le_bytes(std::array::from_fn(|j| class(chunk[j])));
            let gather = |bit: u8| {
                let ones = (classes >> bit.trailing_zeros()) & 0x0101_0101_0101_0101;
                (ones.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k)
            };
            masks.space |= gather(SPACE);
            masks.alnum |= gather(ALNUM);
            masks.letter |= gather(LETTER);
            masks.vowel |= gather(VOWEL);
        }
        masks
    }

    /// The vowels that open a syllable: those whose last letter or digit before them
    /// in the token is not a vowel. Blocks start at a token's start or at white space,
    /// so no token comes in from the left.
    fn vowel_groups(&self, block: &[u8; 64]) -> u64 {
        let mut groups = self.vowel & !(self.vowel << 1);
        // A vowel right after punctuation inside a token: look past the punctuation.
        let punctuation = !self.space & !self.alnum;
        let mut unsure = self.vowel & (punctuation << 1);
        while unsure != 0 {
            let i = unsure.trailing_zeros() as usize;
            let before = block[..i]
                .iter()
                .rposition(|&b| class(b) & (SPACE | ALNUM) != 0);
            if before.is_some_and(|j| class(block[j]) & VOWEL != 0) {
                groups &= !(1 << i);
            }
            unsure &= unsure - 1;
        }
        groups
    }

    /// The token from byte `s` to byte `e` (inclusive). The silent-`e` rule is
    /// written without branches: whether a word ends in `e` follows no pattern.
    fn token(&self, block: &[u8; 64], text: &str, s: u32, e: u32, groups: u64) -> Token {
        let range = (u64::MAX >> (63 - e)) & (u64::MAX << s);
        let alnum = self.alnum & range;
        let syllables = if alnum == 0 {
            None
        } else if self.letter & range == 0 {
            Some(1)
        } else {
            let count = (groups & range).count_ones() as usize;
            let lower = |i: u32| block[i as usize] | 0x20;
            let last = 63 - alnum.leading_zeros();
            let before = alnum & !(1 << last);
            let after_l = (before != 0) & (lower(63 - (before | 1).leading_zeros()) == b'l');
            let silent_e = (lower(last) == b'e') & !after_l & (count > 1);
            Some((count - usize::from(silent_e)).max(1))
        };
        let last = block[e as usize];
        let ends = if matches!(last, b')' | b'"' | b'\'') {
            super::sentence_end(&text[s as usize..=e as usize])
        } else {
            matches!(last, b'.' | b'!' | b'?')
        };
        Token {
            last,
            syllables,
            ends,
        }
    }
}

/// One token counted by the general rules ([`super::count_syllables`] and
/// [`super::sentence_end`]), for the rare token longer than a block.
fn whole_token(token: &str) -> Token {
    Token {
        last: token.as_bytes()[token.len() - 1],
        syllables: super::count_syllables(token),
        ends: super::sentence_end(token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token the slow, obvious way: split at white space, count each.
    fn reference(text: &str) -> Vec<Token> {
        text.split(char::is_whitespace)
            .filter(|t| !t.is_empty())
            .map(|t| Token {
                last: *t.as_bytes().last().unwrap(),
                syllables: super::super::count_syllables(t),
                ends: super::super::sentence_end(t),
            })
            .collect()
    }

    fn blocks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        tokens(text, |t| out.push(t));
        out
    }

    #[test]
    fn tokens_across_block_edges_and_long_tokens() {
        let long = "x".repeat(150) + "able.";
        let texts = [
            "The cat sat. Re-enter a'e (\"quoted.\") 1984 nth rhythm table tablE SIMPLE!"
                .to_string(),
            format!("{} crossing words here", "word ".repeat(12) + "abc"),
            format!("{long} after {long}"),
            "a ".repeat(40) + "boundary-straddling vowel",
            " \t\n leading and trailing \x0b\x0c ".to_string(),
            String::new(),
        ];
        for text in &texts {
            assert_eq!(blocks(text), reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn blocks_count_what_the_reference_counts(
            text in proptest::string::string_regex(
                "([a-zA-Z]{1,12}|[aeiouyAEIOUY]{1,3}|[ .!?:)\"'(-]{1,2}|[0-9]{1,3}|[lL][eE]|\t|\n|\u{b}|\u{c}|\r|x{60,70}){0,120}"
            ).unwrap()
        ) {
            proptest::prop_assert_eq!(blocks(&text), reference(&text));
        }
    }
}
