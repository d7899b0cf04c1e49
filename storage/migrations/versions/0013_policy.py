"""t12-policy: policy changes are audited (who, when, old and new value, basis); the default bases are rewritten as a
law's name and article (or as the commune's own choice where no law sets the value), where a commune kept them

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# (key, basis written before, basis now): only rows still holding the old default text change
BASES = [
    ('session.lead_days_min',
     'Luật 72/2025/QH15 Điều 43; kế hoạch mẫu (seeds 000 §III.1, 001 §III): thông báo ít nhất 7 ngày trước hội nghị',
     'Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Điều 43: thông báo ít nhất 7 ngày trước hội nghị'),
    ('session.lead_days_warn',
     'LEGAL.md: cảnh báo khi thông báo dưới 10 ngày trước hội nghị',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định): nhắc khi thông báo sát mức tối thiểu 7 ngày của Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Điều 43'),
    ('session.intake_close_days',
     'Seed 003: tổng hợp câu hỏi 5 ngày trước hội nghị (seed 001: 10 ngày)',
     'Kế hoạch tổ chức đối thoại của UBND xã (luật không quy định; xã tự quyết định)'),
    ('reminder.residents_days_before',
     'Mặc định của sản phẩm: nhắc người dân 1 ngày trước hội nghị',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)'),
    ('reminder.residents_time',
     'Mặc định của sản phẩm: giờ gửi lời nhắc (giờ Việt Nam)',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)'),
    ('deadline.conclusion_notice_wd',
     'Seed 004: thông báo kết luận trong 5 ngày làm việc sau hội nghị (seed 003: 7 ngày)',
     'Kế hoạch tổ chức đối thoại của UBND xã (luật không quy định; xã tự quyết định)'),
    ('deadline.written_answer_wd',
     'Seeds 000, 004: trả lời bằng văn bản trong 10 ngày làm việc (seed 003: 15 ngày kể từ ngày thông báo)',
     'Kế hoạch tổ chức đối thoại của UBND xã (luật không quy định; xã tự quyết định)'),
    ('deadline.complex_answer_wd',
     'Seeds 000, 003, 004: vụ việc phức tạp không quá 30 ngày làm việc, báo người hỏi ngày dự kiến và cơ quan trả lời',
     'Kế hoạch tổ chức đối thoại của UBND xã (luật không quy định; xã tự quyết định); không quá 30 ngày làm việc, báo người hỏi ngày dự kiến và cơ quan trả lời'),
    ('deadline.petition_ack_wd',
     'Luật Tiếp công dân 42/2013/QH13 Điều 28: trả lời tiếp nhận kiến nghị trong 10 ngày làm việc kể từ ngày nhận',
     'Luật Tiếp công dân số 42/2013/QH13, Điều 28: thông báo việc tiếp nhận, chuyển hoặc không tiếp nhận kiến nghị, phản ánh trong 10 ngày làm việc'),
    ('deadline.village_heads_days',
     'Luật 72/2025/QH15 Điều 43: kết quả đối thoại niêm yết và gửi trưởng thôn trong 10 ngày',
     'Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Điều 43: kết quả đối thoại được niêm yết và gửi trưởng thôn, tổ trưởng tổ dân phố trong 10 ngày'),
    ('reminder.due_wd_before',
     'Mặc định của sản phẩm: nhắc cán bộ 2 ngày làm việc trước hạn trả lời',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)'),
    ('similar.min_score',
     'Mặc định của sản phẩm: độ giống tối thiểu (0–100) để gợi ý câu hỏi trùng',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)'),
    ('speaker.absent_recalls',
     'Mặc định của sản phẩm: số lần gọi lại người đăng ký phát biểu vắng mặt',
     'Lựa chọn của UBND xã khi sử dụng Trợ lý (luật không quy định)'),
    ('petition.voter_count',
     'Số cử tri của xã theo danh sách cử tri gần nhất; xã cần cập nhật',
     'Danh sách cử tri gần nhất của xã; 0 là chưa ghi, khi đó chưa thể lập đề nghị'),
    ('petition.percent',
     'Luật 72/2025/QH15 Điều 43; seed 002 §II.4: ít nhất 10% cử tri đề nghị',
     'Luật Tổ chức chính quyền địa phương số 72/2025/QH15, Điều 43: đối thoại đột xuất khi có ít nhất 10% cử tri đề nghị'),
]


def upgrade() -> None:
    op.create_table(
        'policy_audit',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('commune_id', sa.Integer(), sa.ForeignKey('commune.id', ondelete='CASCADE'), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('actor', sa.String(80), nullable=False),
        sa.Column('actor_person_id', sa.Integer(), sa.ForeignKey('person.id', ondelete='SET NULL')),
        sa.Column('key', sa.String(60), nullable=False),
        sa.Column('old_value', sa.String(200), server_default='', nullable=False),
        sa.Column('new_value', sa.String(200), nullable=False),
        sa.Column('legal_basis', sa.Text(), server_default='', nullable=False),
    )
    op.create_index('ix_policy_audit_commune_id', 'policy_audit', ['commune_id'])
    _rewrite(forward=True)


def downgrade() -> None:
    _rewrite(forward=False)
    op.drop_index('ix_policy_audit_commune_id', table_name='policy_audit')
    op.drop_table('policy_audit')


def _rewrite(forward: bool) -> None:
    statement = sa.text("UPDATE commune_policy SET legal_basis = :new WHERE key = :key AND legal_basis = :old")
    for key, before, now in BASES:
        old, new = (before, now) if forward else (now, before)
        op.get_bind().execute(statement, {"key": key, "old": old, "new": new})
