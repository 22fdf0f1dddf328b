"""Payment: billing, insurance, balances, collections or claims tied to a person.

"your claim was denied", "your account is past due", "su saldo de $245".
"""

from __future__ import annotations

import re

from safereply.screening.findings import Category, Finding
from safereply.screening.recognizers.base import Doc, Recognizer, make_finding
from safereply.screening.recognizers.vocabulary import PAYMENT_WORDS, is_label_or_topic

EXPLANATION = "This reveals a billing or insurance detail about a specific person."
FIX = "Remove the billing detail and invite the person to call the billing office privately."

_AMOUNT = re.compile(r"(?<![\w$])\$\s?\d[\d,]{0,12}(?:\.\d{1,2})?")
# Money words that are payment facts only about someone ("the payment plan" in general
# is a policy), so the sentence must be about a person.


class PaymentRecognizer(Recognizer):
    name = "payment"
    category = Category.PAYMENT

    def analyze(self, doc: Doc) -> list[Finding]:
        findings = []
        for sentence in doc.sentences:
            strength = sentence.strength()
            if not strength:
                continue
            words = sentence.words
            looked_up = sentence.lookups(doc.lexicon)
            # Only these tokens can start a finding; any other one is stepped over. Most
            # sentences have no payment word and no lexicon hit at all: two C-level tests.
            marks: list[int]
            if PAYMENT_WORDS.isdisjoint(words) and looked_up.count(None) == len(looked_up):
                marks = []
            else:
                marks = [k for k, (word, hit) in enumerate(zip(words, looked_up))
                         if word in PAYMENT_WORDS or (hit is not None and hit[1] == "payment")]
            m, count = 0, len(marks)
            i = 0
            while True:
                while m < count and marks[m] < i:
                    m += 1
                if m >= count:
                    break
                i = marks[m]
                hit = looked_up[i]
                if hit is not None and hit[1] == "payment":
                    size = hit[0]
                    start, end, source = sentence.starts[i], sentence.ends[i + size - 1], "lexicon"
                elif words[i] in PAYMENT_WORDS:
                    size = 1
                    start, end, source = sentence.starts[i], sentence.ends[i], "anchor"
                else:
                    size = 0
                if size and start and doc.text[start - 1] in "/@._=":
                    size = 0  # inside a handle, mailbox or web address ("@jo.molina")
                if size and is_label_or_topic(words, i, size):
                    size = 0  # "la oficina de facturación", "the confusion about billing"
                i += max(size, 1)
                if not size:
                    continue
                if sentence.asserted(start, end):
                    findings.append(
                        make_finding(start, end, self.category, 0.9 * strength, f"payment.{source}", EXPLANATION, FIX)
                    )
            for match in _AMOUNT.finditer(sentence.text) if "$" in sentence.text else ():  # (an amount has "$")
                start, end = match.start() + sentence.start, match.end() + sentence.start
                if sentence.asserted(start, end):
                    findings.append(
                        make_finding(start, end, self.category, 0.85 * strength, "payment.amount", EXPLANATION, FIX)
                    )
        return findings


RECOGNIZER: PaymentRecognizer = PaymentRecognizer()
