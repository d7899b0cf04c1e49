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
    Topic.LAND: "dia-chinh",
    Topic.COMPENSATION: "dia-chinh",
    Topic.SOCIAL_POLICY: "van-hoa-xa-hoi",
    Topic.ADMIN_PROCEDURES: "van-phong",
    Topic.INFRASTRUCTURE: "xay-dung-moi-truong",
    Topic.SECURITY: "cong-an",
    Topic.ENVIRONMENT: "xay-dung-moi-truong",
}

# Departments a new commune starts with: (code, name as the commune writes it). Names are commune data.
DEFAULT_DEPARTMENTS = (
    ("van-phong", "Văn phòng HĐND-UBND"),
    ("dia-chinh", "Địa chính"),
    ("tu-phap", "Tư pháp - Hộ tịch"),
    ("tai-chinh", "Tài chính - Kế toán"),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("cong-an", "Công an xã"),
    ("quan-su", "Ban Chỉ huy Quân sự"),
    ("xay-dung-moi-truong", "Xây dựng - Môi trường"),
    ("nong-nghiep", "Nông nghiệp"),
)


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
