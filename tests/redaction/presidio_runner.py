"""Presidio's analyzer behind the protocol of `synco redact --jsonl`, for evaluate.py.

Runs inside the virtual environment that evaluate.py creates (`target/presidio-venv`). Reads
lines `{"text": ..., "people": [...]}` on stdin (people are ignored: Presidio has no notion of
them) and writes one line per input, `{"spans": [{"kind", "start", "end"}]}`, with byte offsets
and Presidio's entity types mapped to our kinds. Types without a counterpart are not requested.

Offline, pattern recognizers only:

* `NoOpNlpEngine` replaces spaCy: no language model is loaded (none can be downloaded here; only
  PyPI is reachable), so Presidio's NER recognizer (PERSON, LOCATION, …) is not registered and
  context words in the text cannot raise scores. Every result is kept (score threshold 0,
  Presidio's default).
* `PhoneRecognizer` gets the corpus's seven regions (its default list lacks AU).
* `tldextract`, which `EmailRecognizer` uses, reads its bundled public-suffix snapshot instead of
  fetching the list from the network.
"""

import json
import sys

import tldextract
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "credit_card",
    "IBAN_CODE": "iban",
    "IP_ADDRESS": "ip_address",
    "US_SSN": "ssn",
    "MAC_ADDRESS": "mac_address",
}
REGIONS = ("US", "GB", "DE", "FR", "IN", "BR", "AU")


def analyzer():
    """An AnalyzerEngine with Presidio's predefined pattern recognizers and no NLP model."""
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    engine = AnalyzerEngine(
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]),
        supported_languages=["en"],
    )
    engine.registry.remove_recognizer("PhoneRecognizer")
    engine.registry.add_recognizer(PhoneRecognizer(supported_regions=REGIONS))
    return engine


def spans(engine, text):
    """Presidio's findings in `text` as our spans, with byte offsets."""
    results = sorted(engine.analyze(text=text, language="en", entities=list(KINDS)),
                     key=lambda result: (result.start, result.end))
    return [{"kind": KINDS[r.entity_type], "start": len(text[:r.start].encode()),
             "end": len(text[:r.end].encode())} for r in results]


def main():
    engine = analyzer()
    for line in sys.stdin:
        sys.stdout.write(json.dumps({"spans": spans(engine, json.loads(line)["text"])}) + "\n")


if __name__ == "__main__":
    main()
