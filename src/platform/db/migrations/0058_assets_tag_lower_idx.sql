-- Asset tags are looked up case-insensitively (a nurse types "ws-4n-12" for WS-4N-12): by opening and changing a
-- ticket (its clinical context, directory/context-store.ts) and by the asset search. Without this index each look-up
-- read every asset (issue 17).
CREATE INDEX "assets_tag_lower_idx" ON "assets" USING btree (lower("tag"));
