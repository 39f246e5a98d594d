// The SLA's facts a ticket's opening reads with its clinical context (one statement, directory `contextOf`) are the
// facts the SLA reads of the ticket once it exists (reads-store `ticketFacts`): on the test demo's tickets, whatever
// their service, module, unit, facility and requester.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/db.ts';
import { type Database, rowsOf } from '../../../platform/db/connect.ts';
import { ticketFacts } from '../reads-store.ts';
import { resolveContext } from './clinical-context.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('demo');
});
afterAll(() => database?.close());

type Row = {
  id: string;
  facility_id: string | null;
  unit_id: string | null;
  service_id: string | null;
  module_id: string | null;
  requester_id: string;
};

describe("a ticket's clinical context", () => {
  it("gives the SLA's facts of the ticket, as the SLA reads them once it exists", async () => {
    const rows = rowsOf<Row>(
      await database.db.execute(sql`
        SELECT t.id, t.facility_id, t.unit_id, t.service_id, t.module_id, t.requester_id FROM tickets t
        ORDER BY t.number LIMIT 300`),
    );
    expect(rows.length).toBeGreaterThan(100);
    const seen = { provider: 0, critical: 0, zone: 0, unitOnly: 0 };
    for (const t of rows) {
      const context = await resolveContext(database.db, {
        // a unit alone (its facility comes from it), else the facility
        facilityId: t.unit_id ? null : t.facility_id,
        unitId: t.unit_id,
        locationId: null,
        assetTag: null,
        deviceType: null,
        serviceId: t.service_id,
        moduleId: t.module_id,
        scope: 'me',
        patientCareAffected: false,
        patientSafety: false,
        workaroundAvailable: null,
        requesterId: t.requester_id,
      });
      const facts = await ticketFacts(database.db, t.id);
      expect(context.slaFacts, `ticket ${t.id}`).toEqual(facts);
      seen.provider += Number(facts.provider_line);
      seen.critical += Number(facts.clinical_critical);
      seen.zone += Number(facts.facility_time_zone !== null);
      seen.unitOnly += Number(t.unit_id !== null);
    }
    // the demo's tickets have each kind of fact both ways
    for (const [fact, n] of Object.entries(seen)) {
      expect(n, fact).toBeGreaterThan(0);
      expect(n, fact).toBeLessThan(rows.length + (fact === 'zone' || fact === 'unitOnly' ? 1 : 0));
    }
  });
});
