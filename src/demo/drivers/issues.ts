// Call drivers: EHR faults (errors, missing data, build defects). Fewer are fixed on the call; many go to the
// module's analysts, some on to the EHR vendor, some wait for a build change.
import type { ResolutionCode } from '../../features/tickets/rules/vocabulary.ts';
import type { Driver, RoleGroup } from './driver.ts';

type Text = readonly string[];
const issue = (
  key: string,
  service: string,
  who: readonly RoleGroup[] | undefined,
  weight: number,
  text: { summaries: Text; details: Text; errors?: Text },
  fixes: readonly (readonly [ResolutionCode, string])[],
  more: Partial<Driver> = {},
): Driver => ({
  key: `ehr.${key}`,
  category: 'ehr_issue',
  type: 'incident',
  service,
  ...(who ? { who } : {}),
  weight,
  ...text,
  fixes,
  fcr: 0.4,
  escalateTo: 'tier2',
  vendorShare: 0.2,
  changeShare: 0.25,
  care: 0.6,
  workaround: 0.7,
  unitScope: 0.08,
  ...more,
});

const CLINICAL: RoleGroup[] = ['rn', 'md', 'pharm', 'tech'];

export const EHR_ISSUE_DRIVERS: readonly Driver[] = [
  issue(
    'bcma_not_found',
    'ehr.bcma',
    ['rn'],
    10,
    {
      summaries: ["Cannot scan patient wristband in BCMA — 'Patient not found'", 'BCMA rejects wristband on {unit}'],
      details: ['Every wristband I scan on this unit says the patient cannot be found.'],
      errors: ['Patient not found. Scan the wristband again or use manual verification per policy.'],
    },
    [
      ['configuration_fixed', 'Wristbands printed from the wrong registration template; corrected it and reprinted.'],
      ['workaround_given', 'Scanner was in keyboard mode; reset it to the BCMA profile and re-scanned successfully.'],
    ],
    { care: 0.95, workaround: 0.6, safety: 0.04, unitScope: 0.2 },
  ),
  issue(
    'bcma_unknown_med',
    'ehr.bcma',
    ['rn', 'pharm'],
    6,
    {
      summaries: ["Medication barcode scans as 'Unable to identify medication'"],
      details: ['The new vials from pharmacy will not scan; the system does not know the barcode.'],
      errors: ['Unable to identify medication. Contact pharmacy.'],
    },
    [['configuration_fixed', 'Pharmacy added the new product barcode to the formulary item; scans now match.']],
    { care: 0.9, workaround: 0.8, safety: 0.03, escalateTo: 'tier2', fcr: 0.15 },
  ),
  issue(
    'emar_missing_dose',
    'ehr.emar',
    ['rn', 'pharm'],
    6,
    {
      summaries: ['Scheduled dose not showing on eMAR after order change'],
      details: ['The provider changed the frequency and the next dose is not on the eMAR.'],
    },
    [
      ['configuration_fixed', 'Order had been modified before verification; pharmacy re-verified and the dose shows.'],
      ['software_fixed', 'Schedule recalculation defect; vendor patch applied in the overnight window.'],
    ],
    { care: 0.9, workaround: 0.7, safety: 0.05, vendorShare: 0.2 },
  ),
  issue(
    'order_sign_error',
    'ehr.orders',
    ['md'],
    9,
    {
      summaries: ['Error when signing orders — order requires a diagnosis association', 'Cannot sign orders on {unit}'],
      details: ['I get an error every time I try to sign this batch of orders.'],
      errors: ['Unable to complete: this order requires an associated diagnosis.', 'Order could not be signed.'],
    },
    [
      ['workaround_given', 'Associated the diagnosis on each order; explained the new requirement.'],
      ['configuration_fixed', 'Rule fired on an order type it should not; analyst corrected the rule.'],
    ],
    { fcr: 0.55 },
  ),
  issue(
    'order_set_missing',
    'ehr.orders',
    ['md'],
    5,
    {
      summaries: ['Order set missing from admission navigator', 'Updated order set still shows old version'],
      details: ['The updated order set from the committee is not showing for me.'],
    },
    [['configuration_fixed', 'Order set release was not applied to this department; analyst released it.']],
    { fcr: 0.1, changeShare: 0.6, care: 0.3 },
  ),
  issue(
    'requisitions',
    'ehr.orders',
    ['rn', 'clerk'],
    4,
    {
      summaries: ['Order requisitions not printing on {unit}'],
      details: ['Requisitions used to print at the desk and now nothing comes out.'],
    },
    [['configuration_fixed', 'Department print mapping pointed at a retired printer; remapped to the unit printer.']],
    { care: 0.5, unitScope: 0.5, device: 'printer' },
  ),
  issue(
    'rx_cabinet',
    'ehr.pharmacy',
    ['rn', 'pharm'],
    5,
    {
      summaries: ['Verified orders not releasing to the dispensing cabinet on {unit}'],
      details: ['Pharmacy verified the order twenty minutes ago and the cabinet still does not show it.'],
    },
    [['software_fixed', 'Cabinet interface queue was stalled; restarted it and the orders crossed.']],
    { escalateTo: 'tier3', care: 0.95, workaround: 0.6, unitScope: 0.4, safety: 0.02 },
  ),
  issue(
    'lab_results',
    'ehr.lab',
    CLINICAL,
    7,
    {
      summaries: ['Lab results not crossing into the chart', 'Resulted labs missing from results review'],
      details: ['The lab says the results are final but I cannot see them in the chart.'],
    },
    [['software_fixed', 'Results interface had an error backlog; engineering reprocessed the queue.']],
    { escalateTo: 'tier3', fcr: 0.1, unitScope: 0.3 },
  ),
  issue(
    'rad_worklist_missing',
    'ehr.radiology',
    ['tech'],
    4,
    {
      summaries: ['Imaging order not appearing on the technologist worklist'],
      details: ['The order is signed but the exam is not on our worklist.'],
    },
    [['configuration_fixed', 'Order was routed to the wrong performing department; analyst fixed the mapping.']],
    { fcr: 0.2, care: 0.7 },
  ),
  issue(
    'bed_board',
    'ehr.adt',
    ['rn', 'clerk', 'reg'],
    5,
    {
      summaries: ['Bed board not refreshing — transfers show in the old bed', 'Bed board out of date on {unit}'],
      details: ['The bed board still shows the previous bed after the transfer an hour ago.'],
      errors: ['This record is in use by another user.'],
    },
    [
      ['workaround_given', 'Released the record lock held by a closed session; the bed board refreshed.'],
      ['software_fixed', 'Bed board refresh service restarted by engineering.'],
    ],
    { fcr: 0.5, care: 0.5 },
  ),
  issue(
    'ed_trackboard_frozen',
    'ehr.ed',
    ['rn', 'md', 'reg'],
    5,
    {
      summaries: ['ED track board frozen — not updating', 'ED track board shows blank rows'],
      details: ['The track board has not changed for ten minutes and new arrivals are not showing.'],
    },
    [
      ['workaround_given', 'Relaunched the track board from a fresh session; refresh interval restored.'],
      ['vendor_fix', 'Vendor identified a caching defect; hotfix applied.'],
    ],
    { care: 0.95, workaround: 0.5, unitScope: 0.5, vendorShare: 0.3 },
  ),
  issue(
    'flowsheet_lost',
    'ehr.nursing',
    ['rn'],
    5,
    {
      summaries: ['Flowsheet values disappear after filing', 'Vitals filed in flowsheets not showing afterwards'],
      details: ['I filed vitals and when I came back they were gone.'],
      errors: ['Record is in use by another user.'],
    },
    [
      ['workaround_given', 'Values were filed to a different encounter column; showed how to view all columns.'],
      ['vendor_fix', 'Vendor confirmed a filing defect and delivered a fix.'],
    ],
    { fcr: 0.45, vendorShare: 0.25 },
  ),
  issue(
    'anesthesia_vitals',
    'ehr.periop',
    ['md', 'rn'],
    4,
    {
      summaries: ['Anesthesia record not pulling vitals from the monitor in {room}'],
      details: ['Vitals stopped flowing into the anesthesia record mid-case.'],
    },
    [['software_fixed', 'Device association dropped; integration engineer re-associated the monitor.']],
    { escalateTo: 'tier3', device: 'medical_device', care: 0.95, workaround: 0.8 },
  ),
  issue(
    'charges_missing',
    'ehr.billing',
    ['rev'],
    7,
    {
      summaries: ['Charges not dropping from surgical cases', 'Surgical charges missing from accounts'],
      details: ['Cases from last week have no charges on the account.'],
    },
    [['configuration_fixed', 'Charge router rule missing for a new procedure; analyst added it and re-ran charges.']],
    { fcr: 0.1, care: 0, workaround: 1, vendorShare: 0.1 },
  ),
  issue(
    'blank_screen',
    'ehr.signin',
    undefined,
    6,
    {
      summaries: ['EHR opens to a blank white screen after badge tap'],
      details: ['After I tap in the EHR window stays white.'],
    },
    [
      ['workaround_given', 'Cleared the local cache and relaunched; screen loads normally.'],
      ['software_fixed', 'Client update had not finished on the workstation; completed it remotely.'],
    ],
    { fcr: 0.6, escalateTo: 'tier3', vendorShare: 0 },
  ),
  issue(
    'slowness',
    'ehr',
    undefined,
    4,
    {
      summaries: ['EHR very slow — screens take 30+ seconds to load', 'EHR slow on {unit} this morning'],
      details: [
        'Everything in the EHR is crawling this morning.',
        'Every screen change takes half a minute on this unit.',
      ],
    },
    [
      ['software_fixed', 'A server in the EHR pool was overloaded; engineering rebalanced the sessions.'],
      ['vendor_fix', 'Vendor found a slow query after the update; fix deployed.'],
    ],
    { fcr: 0.15, escalateTo: 'tier3', unitScope: 0.4, care: 0.7 },
  ),
  issue(
    'portal_proxy',
    'ehr.portal',
    ['reg', 'clerk', 'rn'],
    3,
    {
      summaries: ['Patient portal proxy access request fails to submit'],
      details: ['A parent is trying to get proxy access and the form errors out.'],
    },
    [['configuration_fixed', 'Proxy request form had a required field hidden; analyst corrected the build.']],
    { care: 0, workaround: 1, fcr: 0.2 },
  ),
];
