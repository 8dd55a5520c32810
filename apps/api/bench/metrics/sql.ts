/**
 * The SPEC §5 figures in SQL, over the grouped-deal table our lib computes
 * (one row per deal group), run as the same text in DuckDB and PostgreSQL.
 *
 * Codes as in libs/metrics: category 0 pipeline, 1 upside, 2 commit,
 * 3 closed_won, 4 closed_lost, 5 omitted; attribution 0 sourced,
 * 1 influenced; motion the partnership's motion index. "None" is NULL.
 */

export const createTables = (unlogged: boolean) => [
  `create ${unlogged ? 'unlogged ' : ''}table deal_groups (
     partnership integer not null,
     close_day integer,
     category smallint,
     amount float8 not null,
     attribution smallint,
     motion smallint,
     created_ms float8,
     member_count integer not null,
     in_scope boolean not null
   )`,
  // The partnerships' fiscal calendars as a day dimension: every day of the 12 quarters asked for.
  `create ${unlogged ? 'unlogged ' : ''}table quarter_days (
     partnership integer not null,
     day integer not null,
     quarter smallint not null
   )`,
];

export const groupColumns = [
  'partnership',
  'close_day',
  'category',
  'amount',
  'attribution',
  'motion',
  'created_ms',
  'member_count',
  'in_scope',
] as const;

/*
 * Both queries return small partial sums, one row per (kind, category, key), that
 * `foldOne` and `foldAll` (figures.ts) add up into the figures; the fold is timed with the
 * query. This compact form ran about twice as fast in DuckDB as one column per
 * figure (`sum(amount) filter (where …)` × 17), and no slower in PostgreSQL.
 *
 *   kind 0: groups in scope closing in the quarter, by category (0–4) and attribution (key)
 *   kind 1: groups of a motion (key) created in the quarter, any category but omitted
 *   kind 2: closed-won groups of a motion (key) closing in the quarter
 */

/**
 * (a) One partnership and one quarter: $1 partnership, [$2, $3) close days,
 * [$4, $5) creation instants (ms). Columns: kind, category, key, n, amount, dup.
 */
export const onePartnershipQuarter = `
select 0 as kind, category, attribution as key, count(*) as n, sum(amount) as amount, sum(member_count - 1) as dup
from deal_groups
where partnership = $1 and in_scope and category <= 4 and close_day >= $2 and close_day < $3
group by category, attribution
union all
select 1, null, motion, count(*), sum(amount), 0
from deal_groups
where partnership = $1 and motion is not null and category <= 4 and created_ms >= $4 and created_ms < $5
group by motion
union all
select 2, null, motion, count(*), sum(amount), 0
from deal_groups
where partnership = $1 and motion is not null and category = 3 and close_day >= $2 and close_day < $3
group by motion`;

/**
 * (b) Every partnership × quarter, through the day dimension (a close day or
 * a creation day to the partnership's quarter). Columns: kind, partnership,
 * quarter, category, key, n, amount, dup.
 */
export const allPartnershipQuarters = `
select 0 as kind, g.partnership, d.quarter, g.category, g.attribution as key, count(*) as n, sum(g.amount) as amount, sum(g.member_count - 1) as dup
from deal_groups g
join quarter_days d on d.partnership = g.partnership and d.day = g.close_day
where g.in_scope and g.category <= 4
group by g.partnership, d.quarter, g.category, g.attribution
union all
select 1, g.partnership, d.quarter, null, g.motion, count(*), sum(g.amount), 0
from deal_groups g
join quarter_days d on d.partnership = g.partnership and d.day = cast(floor(g.created_ms / 86400000) as integer)
where g.motion is not null and g.category <= 4
group by g.partnership, d.quarter, g.motion
union all
select 2, g.partnership, d.quarter, null, g.motion, count(*), sum(g.amount), 0
from deal_groups g
join quarter_days d on d.partnership = g.partnership and d.day = g.close_day
where g.motion is not null and g.category = 3
group by g.partnership, d.quarter, g.motion`;
