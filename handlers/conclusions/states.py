"""Conversation states after the session (stored strings: never change them)."""
from enum import StrEnum


class State(StrEnum):
    CONCLUSION_TEXT = "conclusion.text"
    FEEDBACK_COMMENT = "feedback.comment"
    DOCUMENT_NUMBER = "conclusion.number"  # the clerk types the register's numbers before publishing
    PAPER_TEXT = "paper.text"  # the secretary types the report's proposals
    PAPER_NUMBER = "paper.number"  # the clerk types the register's number of a report, plan or written answer
