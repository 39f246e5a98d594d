-- The bucket of a duration in ms for the reports' time figures, the same as rules/histogram.ts timeBucket():
-- exact below 256 ms, then 128 buckets per power of two (each under 0.8 % wide). The octave is estimated with a
-- logarithm and corrected with shifts, so rounding in ln() never files a value in the wrong bucket. One SQL
-- expression, not STRICT and calling no other function of ours, so the planner inlines it: a report adds
-- durations up by bucket with a hash instead of sorting them (a function call per row cost 50 times more).
CREATE FUNCTION report_time_bucket(v bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v < 256 THEN greatest(v, 0)::integer
    ELSE 128 * (floor(ln(v::float8) / ln(2::float8))::integer - 7
        + CASE WHEN (v >> (floor(ln(v::float8) / ln(2::float8))::integer - 7)) >= 256 THEN 1
               WHEN (v >> (floor(ln(v::float8) / ln(2::float8))::integer - 7)) < 128 THEN -1 ELSE 0 END)
      + (v >> (floor(ln(v::float8) / ln(2::float8))::integer - 7
        + CASE WHEN (v >> (floor(ln(v::float8) / ln(2::float8))::integer - 7)) >= 256 THEN 1
               WHEN (v >> (floor(ln(v::float8) / ln(2::float8))::integer - 7)) < 128 THEN -1 ELSE 0 END))::integer
  END
$$;
