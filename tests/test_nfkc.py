"""nfkc() is unicodedata.normalize("NFKC", ·), only faster on Chinese prose."""
import unicodedata

from hypothesis import given, strategies as st

from generator.nfkc import nfkc

CONTEXT = "政府信息公开（{}），申请：{}；"     # long enough for the fast path, with the replaced characters


def test_every_character_of_the_basic_plane_in_context():
    for c in map(chr, range(0x10000)):
        if 0xD800 <= ord(c) <= 0xDFFF:
            continue
        for text in (CONTEXT.format(c, c), CONTEXT.format(c, "") + c, c + CONTEXT.format("", c)):
            assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


# characters NFKC changes or combines: full-width forms, combining marks, Hangul jamo, ligatures …
_TRICKY = "，（）：；？！\u3000\u00a0０９％／Ａａ\u0301\u0308\u0323e\u1100\u1161\u11a8ﬁ①㈠・。、“”\U00020000\U0001d7cf"


@given(st.text(alphabet=st.sampled_from(_TRICKY + "申请公开不予1a "), max_size=60))
def test_random_text(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
