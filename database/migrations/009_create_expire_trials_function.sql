-- Creates public.expire_trials(), which production may lack (it only lived in
-- a duplicate billing file that was skipped there).

-- Marks every active trial that has passed expires_at or reached max_usage
-- as expired, and returns the number of trials changed
CREATE OR REPLACE FUNCTION public.expire_trials()
RETURNS INTEGER AS $$
DECLARE
    v_expired INTEGER;
BEGIN
    UPDATE public.trials AS t
       SET status = 'expired'
     WHERE t.status = 'active'
       AND (t.expires_at < NOW() OR t.usage_count >= t.max_usage);

    GET DIAGNOSTICS v_expired = ROW_COUNT;
    RETURN v_expired;
END;
$$ LANGUAGE plpgsql;
