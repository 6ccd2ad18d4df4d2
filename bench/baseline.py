"""The baselines `make bench` measures the project against: plain hand-written SQL computing the same counts.

Not used by the portal. ``summary_counts`` is ONE statement for every count of the report summary of a province
over a period (DOMAIN.md's rules, written independently of ``portal.reports.metrics``), so that the bench can
compare ``compute()`` with what a person would write by hand, and check both give the same numbers.
"""

from django.db import connection

PER_PROCEDURE = """
  -- one scan of the province's filings, two hash joins, grouped per procedure
  SELECT f.procedure_id{group},
    SUM(CASE WHEN f.submitted_at >= %(since)s AND f.submitted_at < %(until)s
              AND f.channel IN ('online', 'national_gateway') THEN 1 ELSE 0 END) AS electronic_filings,
    SUM(CASE WHEN f.submitted_at >= %(since)s AND f.submitted_at < %(until)s AND f.fee > 0
             THEN 1 ELSE 0 END) AS fee_filings_total,
    SUM(CASE WHEN f.submitted_at >= %(since)s AND f.submitted_at < %(until)s AND f.fee > 0
              AND paid.filing_id IS NOT NULL THEN 1 ELSE 0 END) AS online_paid_filings,
    SUM(CASE WHEN f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness <> ''
             THEN 1 ELSE 0 END) AS resolved_total,
    SUM(CASE WHEN f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness = 'early'
             THEN 1 ELSE 0 END) AS resolved_early,
    SUM(CASE WHEN f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness = 'on_time'
             THEN 1 ELSE 0 END) AS resolved_on_time,
    SUM(CASE WHEN f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness = 'late'
             THEN 1 ELSE 0 END) AS resolved_late,
    SUM(CASE WHEN f.received_at < %(until)s AND f.due_date < %(end)s
              AND (f.decided_at IS NULL OR f.decided_at >= %(until)s) AND closed.filing_id IS NULL
             THEN 1 ELSE 0 END) AS overdue_open,
    MAX(CASE WHEN f.submitted_at >= %(since)s AND f.submitted_at < %(until)s THEN 1 ELSE 0 END) AS filed,
    MAX(CASE WHEN f.submitted_at >= %(since)s AND f.submitted_at < %(until)s AND paid.filing_id IS NOT NULL
             THEN 1 ELSE 0 END) AS filed_paid_online
  FROM services_filing f
  JOIN services_agency a ON a.id = f.agency_id AND a.province_id = %(p)s
  LEFT JOIN (SELECT DISTINCT filing_id FROM payments_payment WHERE channel = 'online' AND paid_at < %(until)s) paid
         ON paid.filing_id = f.id
  LEFT JOIN (SELECT DISTINCT filing_id FROM services_filingevent
             WHERE to_status IN ('withdrawn', 'refused') AND at < %(until)s) closed ON closed.filing_id = f.id
  GROUP BY f.procedure_id{group}
"""

SUMMARY_SQL = f"""
WITH per_procedure AS ({PER_PROCEDURE.format(group="")})
SELECT procs.*, fils.*, hot.* FROM (
  SELECT
    COUNT(*) AS procedures_total,
    SUM(CASE WHEN p.online_level IN ('partial', 'full') THEN 1 ELSE 0 END) AS online_services_total,
    SUM(CASE WHEN p.online_level = 'full' THEN 1 ELSE 0 END) AS full_process_total,
    SUM(CASE WHEN p.online_level = 'partial' THEN 1 ELSE 0 END) AS partial_total,
    SUM(CASE WHEN p.online_level IN ('partial', 'full') AND p.integrated THEN 1 ELSE 0 END) AS integrated_total,
    SUM(CASE WHEN p.fee > 0 THEN 1 ELSE 0 END) AS fee_procedures_total,
    SUM(CASE WHEN p.fee > 0 AND pp.filed = 1 THEN 1 ELSE 0 END) AS fee_procedures_with_filings,
    SUM(CASE WHEN p.fee > 0 AND pp.filed_paid_online = 1 THEN 1 ELSE 0 END) AS fee_procedures_with_online_payment
  -- the catalog as it stood on the period's last day: each procedure's version in force then
  FROM services_procedureversion p
  JOIN services_procedure pr ON pr.id = p.procedure_id AND pr.province_id = %(p)s
  LEFT JOIN per_procedure pp ON pp.procedure_id = p.procedure_id
  WHERE p.is_active AND p.valid_from < %(until)s AND (p.valid_to IS NULL OR p.valid_to >= %(until)s)
) procs, (
  SELECT SUM(electronic_filings) AS electronic_filings, SUM(fee_filings_total) AS fee_filings_total,
         SUM(online_paid_filings) AS online_paid_filings, SUM(resolved_total) AS resolved_total,
         SUM(resolved_early) AS resolved_early, SUM(resolved_on_time) AS resolved_on_time,
         SUM(resolved_late) AS resolved_late, SUM(overdue_open) AS overdue_open
  FROM per_procedure
) fils, (
  SELECT SUM(CASE WHEN received_at >= %(since)s AND received_at < %(until)s THEN 1 ELSE 0 END) AS hotline_received,
         SUM(CASE WHEN received_at >= %(since)s AND received_at < %(until)s AND answered_at < %(until)s
                  THEN 1 ELSE 0 END) AS hotline_answered
  FROM portal_hotlinefeedback WHERE province_id = %(p)s
) hot
"""


def summary_counts(province_id, period):
    """Every count of the summary (no rates) of a province over a ``Period``, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(SUMMARY_SQL, _params(province_id, period))
        row = cursor.fetchone()
        return {col[0]: int(value or 0) for col, value in zip(cursor.description, row, strict=True)}


# The dashboard's splits (by level and by agency) from one grouped statement: per (level, agency), the filing
# counts and the procedure counts; the splits are sums of these rows.
SPLIT_SQL = f"""
WITH per_procedure AS ({PER_PROCEDURE.format(group=", f.agency_id")})
SELECT p.online_level, a.code, COUNT(DISTINCT p.procedure_id) AS procedures_total,
       SUM(pp.electronic_filings), SUM(pp.fee_filings_total), SUM(pp.online_paid_filings), SUM(pp.resolved_total),
       SUM(pp.resolved_early), SUM(pp.resolved_on_time), SUM(pp.resolved_late), SUM(pp.overdue_open),
       COUNT(DISTINCT CASE WHEN p.fee > 0 AND pp.filed = 1 THEN p.procedure_id END) AS fee_procedures_with_filings
FROM services_procedureversion p
JOIN services_procedure pr ON pr.id = p.procedure_id AND pr.province_id = %(p)s
JOIN services_agency a ON a.id = p.agency_id
LEFT JOIN per_procedure pp ON pp.procedure_id = p.procedure_id AND pp.agency_id = p.agency_id
WHERE p.is_active AND p.valid_from < %(until)s AND (p.valid_to IS NULL OR p.valid_to >= %(until)s)
GROUP BY p.online_level, a.code
"""

TREND_SQL = {
    "postgresql": "to_char({column} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')",
    "sqlite": "strftime('%%Y-%%m', datetime({column}, '+7 hours'))",
}
TREND = """
SELECT month, SUM(electronic), SUM(fee), SUM(resolved) FROM (
  SELECT {submitted_month} AS month,
         CASE WHEN f.channel IN ('online', 'national_gateway') THEN 1 ELSE 0 END AS electronic,
         CASE WHEN f.fee > 0 THEN 1 ELSE 0 END AS fee, 0 AS resolved
  FROM services_filing f JOIN services_agency a ON a.id = f.agency_id AND a.province_id = %(p)s
  WHERE f.submitted_at >= %(since)s AND f.submitted_at < %(until)s
  UNION ALL
  SELECT {decided_month}, 0, 0, 1
  FROM services_filing f JOIN services_agency a ON a.id = f.agency_id AND a.province_id = %(p)s
  WHERE f.decided_at >= %(since)s AND f.decided_at < %(until)s AND f.timeliness <> ''
) months GROUP BY month ORDER BY month
"""


def _params(province_id, period):
    ops = connection.ops
    return {
        "p": province_id,
        "since": ops.adapt_datetimefield_value(period.since),
        "until": ops.adapt_datetimefield_value(period.until),
        "end": ops.adapt_datefield_value(period.end),
    }


def dashboard(province_id, period):
    """The dashboard's figures by hand: the summary statement, one grouped statement, the monthly trend."""
    month = TREND_SQL[connection.vendor]
    trend_sql = TREND.format(submitted_month=month.format(column="f.submitted_at"),
                             decided_month=month.format(column="f.decided_at"))  # fmt: skip
    summary = summary_counts(province_id, period)
    with connection.cursor() as cursor:
        cursor.execute(SPLIT_SQL, _params(province_id, period))
        groups = cursor.fetchall()
        cursor.execute(trend_sql, _params(province_id, period))
        months = cursor.fetchall()
    return summary, groups, months
