"""The baselines `make bench` measures the project against: plain hand-written SQL computing the same counts.

Not used by the portal. ``summary_counts`` is ONE statement for every count of the report summary of a province
over a period (DOMAIN.md's rules, written independently of ``portal.reports.metrics``), so that the bench can
compare ``compute()`` with what a person would write by hand, and check both give the same numbers.
"""

from django.db import connection

SUMMARY_SQL = """
WITH scoped AS (
  SELECT f.* FROM services_filing f JOIN services_agency a ON a.id = f.agency_id WHERE a.province_id = %(p)s
), paid AS (
  SELECT DISTINCT filing_id FROM payments_payment WHERE channel = 'online' AND paid_at < %(until)s
), closed AS (
  SELECT DISTINCT filing_id FROM services_filingevent
  WHERE to_status IN ('withdrawn', 'refused') AND at < %(until)s
), facts AS (
  SELECT f.procedure_id, f.channel, f.fee, f.timeliness, f.due_date, f.decided_at, f.received_at,
         (f.submitted_at >= %(since)s AND f.submitted_at < %(until)s) AS received,
         (f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness <> '') AS decided,
         (paid.filing_id IS NOT NULL) AS paid_online, (closed.filing_id IS NOT NULL) AS closed
  FROM scoped f LEFT JOIN paid ON paid.filing_id = f.id LEFT JOIN closed ON closed.filing_id = f.id
), filed AS (
  SELECT procedure_id, MAX(CASE WHEN paid_online THEN 1 ELSE 0 END) AS paid_online
  FROM facts WHERE received GROUP BY procedure_id
), procs AS (
  SELECT
    COUNT(*) AS procedures_total,
    SUM(CASE WHEN p.online_level IN ('partial', 'full') THEN 1 ELSE 0 END) AS online_services_total,
    SUM(CASE WHEN p.online_level = 'full' THEN 1 ELSE 0 END) AS full_process_total,
    SUM(CASE WHEN p.online_level = 'partial' THEN 1 ELSE 0 END) AS partial_total,
    SUM(CASE WHEN p.online_level IN ('partial', 'full') AND pub.published_at < %(until)s
              AND (pub.unpublished_at IS NULL OR pub.unpublished_at < pub.published_at
                   OR pub.unpublished_at >= %(until)s) THEN 1 ELSE 0 END) AS integrated_total,
    SUM(CASE WHEN p.fee > 0 THEN 1 ELSE 0 END) AS fee_procedures_total,
    SUM(CASE WHEN p.fee > 0 AND filed.procedure_id IS NOT NULL THEN 1 ELSE 0 END) AS fee_procedures_with_filings,
    SUM(CASE WHEN p.fee > 0 AND filed.paid_online = 1 THEN 1 ELSE 0 END) AS fee_procedures_with_online_payment
  FROM services_procedure p
  LEFT JOIN services_procedurepublication pub ON pub.procedure_id = p.id
  LEFT JOIN filed ON filed.procedure_id = p.id
  WHERE p.is_active AND p.province_id = %(p)s
), fils AS (
  SELECT
    SUM(CASE WHEN received AND channel IN ('online', 'national_gateway') THEN 1 ELSE 0 END) AS electronic_filings,
    SUM(CASE WHEN received AND fee > 0 THEN 1 ELSE 0 END) AS fee_filings_total,
    SUM(CASE WHEN received AND fee > 0 AND paid_online THEN 1 ELSE 0 END) AS online_paid_filings,
    SUM(CASE WHEN decided THEN 1 ELSE 0 END) AS resolved_total,
    SUM(CASE WHEN decided AND timeliness = 'early' THEN 1 ELSE 0 END) AS resolved_early,
    SUM(CASE WHEN decided AND timeliness = 'on_time' THEN 1 ELSE 0 END) AS resolved_on_time,
    SUM(CASE WHEN decided AND timeliness = 'late' THEN 1 ELSE 0 END) AS resolved_late,
    SUM(CASE WHEN received_at < %(until)s AND due_date < %(end)s
              AND (decided_at IS NULL OR decided_at >= %(until)s) AND NOT closed THEN 1 ELSE 0 END) AS overdue_open
  FROM facts
), hot AS (
  SELECT SUM(CASE WHEN received_at >= %(since)s AND received_at < %(until)s THEN 1 ELSE 0 END) AS hotline_received,
         SUM(CASE WHEN received_at >= %(since)s AND received_at < %(until)s AND answered_at < %(until)s
                  THEN 1 ELSE 0 END) AS hotline_answered
  FROM portal_hotlinefeedback WHERE province_id = %(p)s
)
SELECT * FROM procs, fils, hot
"""


def summary_counts(province_id, period):
    """Every count of the summary (no rates) of a province over a ``Period``, in one statement."""
    ops = connection.ops
    params = {
        "p": province_id,
        "since": ops.adapt_datetimefield_value(period.since),
        "until": ops.adapt_datetimefield_value(period.until),
        "end": ops.adapt_datefield_value(period.end),
    }
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, params)
        row = cursor.fetchone()
        return {col[0]: int(value or 0) for col, value in zip(cursor.description, row, strict=True)}
