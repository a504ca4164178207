"""Every number a chapter's prose quotes is one its cells compute, print or check.

A figure typed into the markdown that no cell produces goes stale the day the code changes
(the chapter 9 of 2026-11 said "140 points" next to code that used 100). This test reads
each chapter's markdown and fails on a number (a decimal, a percentage, or two or more
digits) that appears neither in that notebook's code or printed outputs nor in the
chapter's short list of constants below, each with its reason.

A prose number matches a computed one when it is that number rounded to the prose's
decimals (the prose says "about 10.8" where a cell printed 10.79); a percentage also
matches the same proportion written as a fraction (5 % and 0.05).
"""

import re
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
# the chapters, then the appendices (scripts/course.py's order)
CHAPTERS = sorted(path for pattern in ("[0-9][0-9]-*.ipynb", "A[0-9]-*.ipynb")
                  for path in (REPO / "notebooks").glob(pattern))

#: Numbers a chapter may state without a cell computing them: dates of cited work,
#: definitions and conventions. Keep these short: most numbers come from outputs.
CONSTANTS = {
    "01": {},
    "02": {},
    "03": {},
    "04": {},
    "05": {},
    "06": {"70 000": "MNIST's size, 60,000 + 10,000 images (chapter 7 loads it)"},
    "07": {"70,000": "MNIST's size, 60,000 + 10,000 images (the loader prints the split)",
           "0.4": "PyTorch 0.4 (2018), the release that merged Variable into Tensor",
           "2018": "PyTorch 0.4 (2018), the release that merged Variable into Tensor",
           "2.14": "the PyTorch release requirements.txt pins"},
    "08": {},
    "09": {"2018": "Soudry et al., JMLR 2018 (a citation)"},
    "10": {"1980": "Spector and Mazzeo, 1980 (the data set's source)",
           "1996": "Peduzzi et al., 1996 (a citation)",
           "10^{-16}": "the sequence 10^-2, 10^-4, 10^-8, 10^-16 illustrates squared errors"},
    "11": {"1974": "the year of the survey (Fair, 1978)", "1978": "Fair, 1978 (the data set's source)",
           "1992": "Liu, 1992 (the data set's source)", "1996": "the 1996 American National Election Study",
           "2007": "Gelman and Hill, 2007 (a citation)", "2019": "Van Calster et al., 2019 (a citation)",
           "1977": "Hauck and Donner, 1977 (a citation)", "1993": "Firth, 1993 (a citation)",
           "1.96": "the 97.5 % quantile of the standard normal, in the Wald interval's definition"},
    "12": {"1979": "Efron, 1979 (the bootstrap; a citation)", "1987": "Efron, 1987 (BCa; a citation)",
           "1988": "DeLong, DeLong and Clarke-Pearson, 1988 (a citation)", "1999": "Platt, 1999 (a citation)",
           "2017": "Guo et al., 2017 (temperature scaling; a citation)", "1975": "Efron, 1975 (a citation)",
           "2001": "Ng and Jordan, 2001 (a citation)"},
    "A1": {},
}

# A number: digits with optional thousands separators (1,200 or 200 000) and decimals, not part
# of a word (x1, h2) or of a dotted name (lrlib.v2); a trailing "%" makes it a percentage.
NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:(?:,| |\u202f)\d{3})+|\d+)(\.\d+)?(?!\w)(\s?%)?")
# LaTeX's powers of ten: 10^{-6}, 10^6, 2.2 \times 10^{-5}, 1.7 \cdot 10^{-5}
POWER_OF_TEN = re.compile(r"(?:(\d+(?:\.\d+)?)\s*\\(?:times|cdot)\s*)?10\^\{?(-?\d+)\}?")
# A section number at the start of a heading ("### 4.2 Batches"), or after "section",
# "chapter" or "exercise": a place, not a claim.
HEADING_NUMBER = re.compile(r"^(#+\s+)\d+(?:\.\d+)*\.?(?=\s)", re.M)
REFERENCE = re.compile(r"\b((?:[Ss]ections?|[Cc]hapters?|[Ee]xercises?)\s+)\d+(?:\.\d+)*")
# Inline code is something to run or type, not a claim about a result.
INLINE_CODE = re.compile(r"`[^`\n]*`")
# What a cell's code or output may write a number as, including exponents (2.2e-05).
COMPUTED = re.compile(r"(?<![\w.])\d[\d,_]*(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("_", "").replace(" ", "").replace("\u202f", ""))
    except InvalidOperation:
        return None


def prose_numbers(markdown: str) -> list[tuple[str, Decimal, bool]]:
    """(as written, value, is a percentage) of each number the rule covers in ``markdown``."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)  # link targets are addresses, not claims
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = HEADING_NUMBER.sub(r"\1", text)
    text = REFERENCE.sub(r"\1", INLINE_CODE.sub(" ", text))
    found = []
    for match in POWER_OF_TEN.finditer(text):
        mantissa, exponent = match.group(1) or "1", match.group(2)
        found.append((match.group(0), Decimal(f"{mantissa}e{exponent}"), False))
    text = POWER_OF_TEN.sub(" ", text)
    for match in NUMBER.finditer(text):
        whole, decimals, percent = match.group(1), match.group(2) or "", bool(match.group(3))
        digits = re.sub(r"\D", "", whole)
        if not decimals and not percent and len(digits) < 2:
            continue  # single digits: counts, chapter and section numbers, small constants
        value = _decimal(whole + decimals)
        if value is not None:
            found.append((match.group(0).strip(), value, percent))
    return found


def computed_numbers(nb) -> set[Decimal]:
    """Every number written in the notebook's code cells and their text outputs."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts.append(cell.source)
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.append(output.get("data", {}).get("text/plain", ""))
            texts.append(output.get("evalue", ""))
    values = set()
    for text in texts:
        for token in COMPUTED.findall("".join(text) if isinstance(text, list) else text):
            value = _decimal(token)
            if value is not None:
                values.add(value)
    return values


def matches(value: Decimal, percent: bool, computed: set[Decimal]) -> bool:
    """Whether some computed number, rounded to the prose's decimals, is ``value``."""
    with localcontext() as context:
        context.prec = 700  # room to round 1e-300 and 1e308 alike
        return _matches(value, percent, computed)


def _matches(value: Decimal, percent: bool, computed: set[Decimal]) -> bool:
    candidates = [value, value / 100] if percent else [value]
    for target in candidates:
        exponent = target.as_tuple().exponent
        quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        for number in computed:
            if number == target or number.quantize(quantum, rounding="ROUND_HALF_EVEN") == target:
                return True
            if abs(number - target) <= quantum / 2:  # ROUND_HALF_UP as print() may round
                return True
    return False


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.stem[:2])
def test_every_number_in_the_prose_is_computed_by_the_chapter(path):
    nb = nbformat.read(path, as_version=4)
    computed = computed_numbers(nb)
    allowed = CONSTANTS[path.stem[:2]]
    unbacked = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for written, value, percent in prose_numbers(cell.source):
            if written.rstrip(" %") in allowed or matches(value, percent, computed):
                continue
            unbacked.append(f"cell {index}: {written!r}")
    assert not unbacked, (
        f"{path.name}: numbers in the prose that no cell computes or prints "
        f"(print or check them, or add a constant with its reason): {unbacked}"
    )


def test_the_rule_reads_numbers_as_a_reader_does():
    found = [(written, percent) for written, _, percent in prose_numbers(
        "In 1980, 32 students; 57 % improved, x1 and h2 are names, [link](https://a.b/c/2020), "
        "200 000 people, 1,200 steps, step 3, 0.459 and $2.2 \\times 10^{-5}$, section 2.3, "
        "chapters 10 and `fit(X, y, max_iter=100)`."
    )]
    assert found == [("2.2 \\times 10^{-5}", False), ("1980", False), ("32", False), ("57 %", True),
                     ("200 000", False), ("1,200", False), ("0.459", False)]
    assert [value for _, value, _ in prose_numbers("$10^{-12}$, $C = 10^6$")] == [Decimal("1e-12"), Decimal("1e6")]
    assert prose_numbers("## 4.2 Batches of 100\n### 12. Notes") == [("100", Decimal(100), False)]
    computed = {Decimal("10.79"), Decimal("0.05"), Decimal("86.9")}
    assert matches(Decimal("10.8"), False, computed) and matches(Decimal("87"), False, computed)
    assert matches(Decimal("5"), True, computed) and not matches(Decimal("10.7"), False, computed)
