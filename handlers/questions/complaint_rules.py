"""Might a submission be a complaint (khiếu nại) or a denunciation (tố cáo)? A keyword heuristic that only decides
whether to *ask* the resident (they choose; staff have the last word). Pure."""
from __future__ import annotations

import re
from enum import StrEnum

from handlers.conversation.text import fold


class Kind(StrEnum):
    QUESTION = "question"  # kiến nghị, phản ánh: what a dialogue handles
    COMPLAINT = "complaint"  # khiếu nại: Luật Khiếu nại 2011
    DENUNCIATION = "denunciation"  # tố cáo: Luật Tố cáo 2018


RECEPTION_KINDS = (Kind.COMPLAINT, Kind.DENUNCIATION)
# Everything below works on folded text (accent-free, lower case, đ → d). Word boundaries keep "to cao" from
# matching inside longer words.
_NEGATED = re.compile(r"\b(khong|chua|chang)( (phai|muon|co y|dinh|co|he|can))* (la |de |gui )?"
                      r"(don )?(khieu nai|to cao|to giac)\b")
_DENUNCIATION = re.compile(r"\b(to cao|to giac|don to|tham nhung|hoi lo|an chan|an hoi lo|nhung nhieu|bot xen)\b")
_COMPLAINT = re.compile(r"\b(khieu nai|don khieu)\b")
# A disagreement with a named administrative decision or act is a complaint in all but name.
_DECISION = re.compile(r"\b(quyet dinh|qd)\b.{0,80}?\bso\b|\b\d+/(qd|qđ)\b|\bquyet dinh (thu hoi|xu phat|cuong che|"
                       r"boi thuong|phe duyet|hanh chinh)|\bhanh vi hanh chinh\b")
_DISAGREE = re.compile(r"\b(khong dong y|phan doi|khong chap nhan|khong thoa dang|khong dung|trai phap luat|"
                       r"de nghi huy|yeu cau huy|xem xet lai|sai)\b")


def classify(text: str) -> Kind:
    """The kind a submission may be: a denunciation wins over a complaint when both appear. A negated mention
    ("tôi không khiếu nại") counts for nothing."""
    folded = _NEGATED.sub(" ", fold(text))
    if _DENUNCIATION.search(folded):
        return Kind.DENUNCIATION
    if _COMPLAINT.search(folded) or (_DECISION.search(folded) and _DISAGREE.search(folded)):
        return Kind.COMPLAINT
    return Kind.QUESTION


# What staff may type after /reclassify CODE, folded; buttons are offered when nothing is typed.
_TYPED_KINDS = {"khieu nai": Kind.COMPLAINT, "to cao": Kind.DENUNCIATION, "kien nghi": Kind.QUESTION,
                "phan anh": Kind.QUESTION, "cau hoi": Kind.QUESTION, "hoi nghi": Kind.QUESTION}


def typed_kind(text: str) -> Kind | None:
    """The kind named in Vietnamese words ("khiếu nại", "tố cáo", "kiến nghị"/"câu hỏi"), or None."""
    return _TYPED_KINDS.get(" ".join(fold(text).split()))
