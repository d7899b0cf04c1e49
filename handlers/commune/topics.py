"""Topics (lĩnh vực) a question is filed under, and the department each routes to by default."""
from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    LAND = "land"
    COMPENSATION = "compensation"
    SOCIAL_POLICY = "social"
    ADMIN_PROCEDURES = "admin"
    INFRASTRUCTURE = "infra"
    SECURITY = "security"
    ENVIRONMENT = "environment"
    OTHER = "other"


DEFAULT_DEPARTMENT = {
    Topic.LAND: "kinh-te",
    Topic.COMPENSATION: "kinh-te",
    Topic.SOCIAL_POLICY: "van-hoa-xa-hoi",
    Topic.ADMIN_PROCEDURES: "hanh-chinh-cong",
    Topic.INFRASTRUCTURE: "kinh-te",
    Topic.SECURITY: "cong-an",
    Topic.ENVIRONMENT: "kinh-te",
}

# Departments a new commune starts with: (code, name as the commune writes it), the offices of a commune since
# 1/7/2025 (Công an and Quân sự are separate forces). Names are commune data; a ward's economic office has a longer
# name (default_departments).
DEFAULT_DEPARTMENTS = (
    ("van-phong", "Văn phòng HĐND và UBND"),
    ("kinh-te", "Phòng Kinh tế"),
    ("van-hoa-xa-hoi", "Phòng Văn hóa - Xã hội"),
    ("hanh-chinh-cong", "Trung tâm phục vụ hành chính công"),
    ("cong-an", "Công an xã"),
    ("quan-su", "Ban Chỉ huy quân sự xã"),
)
_WARD_NAMES = {"kinh-te": "Phòng Kinh tế, Hạ tầng và Đô thị", "cong-an": "Công an phường",
               "quan-su": "Ban Chỉ huy quân sự phường"}
_SPECIAL_ZONE_NAMES = {"cong-an": "Công an đặc khu", "quan-su": "Ban Chỉ huy quân sự đặc khu"}


def default_departments(kind: str = "xa") -> tuple[tuple[str, str], ...]:
    """The offices a new commune of this kind (xa, phuong, dac_khu) starts with."""
    names = {"phuong": _WARD_NAMES, "dac_khu": _SPECIAL_ZONE_NAMES}.get(str(kind), {})
    return tuple((code, names.get(code, name)) for code, name in DEFAULT_DEPARTMENTS)


def topic_label(topic: Topic | str, _) -> str:
    labels = {
        Topic.LAND: _("Land"),
        Topic.COMPENSATION: _("Compensation and site clearance"),
        Topic.SOCIAL_POLICY: _("Social policy and benefits"),
        Topic.ADMIN_PROCEDURES: _("Administrative procedures and staff attitude"),
        Topic.INFRASTRUCTURE: _("Infrastructure: roads, power, water"),
        Topic.SECURITY: _("Security and order"),
        Topic.ENVIRONMENT: _("Environment"),
        Topic.OTHER: _("Other"),
    }
    return labels[Topic(topic)]
