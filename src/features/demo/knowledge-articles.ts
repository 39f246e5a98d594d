// The demo hospital's hand-written knowledge articles: the top call drivers of a clinical service desk (sign-in and
// badge tap, printing labels and wristbands, BCMA scanners, order signing, eMAR documentation, In-Basket, Citrix/VDI).
// Written for Clinidesk; St. Mary's, Larkspur and the screen names are fictional.
import type { ClinicalRole, UnitKind } from '../../domain/vocabulary.ts';

export type KbDef = {
  title: string;
  type: 'how_to' | 'troubleshooting' | 'known_issue' | 'downtime';
  service: string; // catalogue key (application, device class or infrastructure)
  module?: string; // catalogue key of an EHR module
  roles?: ClinicalRole[];
  units?: UnitKind[];
  audience: 'portal' | 'agents';
  owner: string; // group key
  tags: string[];
  body: string;
};

export type Parts = {
  about?: string;
  symptoms?: string[];
  steps: string[];
  workaround?: string[];
  escalate?: string;
  note?: string;
};

/** A consistent article body: what it is for, symptoms, numbered steps, workaround, when to escalate. */
export function md(p: Parts): string {
  const out: string[] = [];
  if (p.about) out.push(p.about, '');
  if (p.symptoms?.length) out.push('## Symptoms', '', ...p.symptoms.map((s) => `- ${s}`), '');
  out.push('## Steps', '', ...p.steps.map((s, i) => `${i + 1}. ${s}`), '');
  if (p.workaround?.length) out.push('## Workaround', '', ...p.workaround.map((s) => `- ${s}`), '');
  if (p.escalate) out.push('## When to escalate', '', p.escalate, '');
  if (p.note) out.push(`> ${p.note}`, '');
  return out.join('\n').trim();
}

const NURSING: ClinicalRole[] = ['rn', 'tech'];
const PRESCRIBERS: ClinicalRole[] = ['attending', 'resident', 'app'];

export const CORE_ARTICLES: KbDef[] = [
  // Sign-in, passwords, badge tap
  {
    title: 'Reset your network password or unlock your account',
    type: 'how_to',
    service: 'account',
    audience: 'portal',
    owner: 'iam',
    tags: ['password', 'locked out', 'unlock', 'expired', 'self-service'],
    body: md({
      about: 'Your network password signs you in to workstations, email, Citrix and the EHR.',
      symptoms: [
        '"Your account has been locked"',
        '"Your password has expired"',
        'Badge tap asks for a password every time',
      ],
      steps: [
        'From any workstation sign-in screen choose **Forgot password / Unlock account**.',
        'Enter your employee ID and answer the enrolled security prompts, or approve the push on your registered phone.',
        'Choose a new password: at least 14 characters, not one of your last 10.',
        'Wait one minute, then sign in with the new password. Badge tap needs one password sign-in before it works again.',
      ],
      escalate:
        'If you are not enrolled in self-service or the push never arrives, call the desk: the agent verifies your identity out of band (call-back to the number on file or a manager vouching) before resetting. Never give your password to anyone, including the desk.',
    }),
  },
  {
    title: 'Verify a caller before a password reset (agents)',
    type: 'how_to',
    service: 'account',
    audience: 'agents',
    owner: 'iam',
    tags: ['password reset', 'identity', 'verification', 'call-back', 'social engineering'],
    body: md({
      about: 'Help-desk password resets are a favourite target of social engineering. Verify before you reset.',
      steps: [
        'Find the caller in the directory; note whether the account is marked **sensitive** (executives, IT administrators, VIP-flagged staff).',
        'Offer self-service first if the caller can reach a workstation.',
        'Verify out of band: call back the number on file, or have the manager on duty confirm the caller in person or via a call to the unit.',
        'Do not accept employee ID, date of birth or manager name alone: they are easy to find.',
        'Reset with "must change at next sign-in", unlock, and tell the caller badge tap needs one password sign-in.',
        'Resolve with code **password_reset** and note how identity was verified (never write the password).',
      ],
      escalate: 'Sensitive accounts and any caller who refuses verification go to Identity & Access Administration.',
    }),
  },
  {
    title: 'Badge tap does not sign you in',
    type: 'troubleshooting',
    service: 'sso',
    audience: 'portal',
    owner: 'iam',
    tags: ['badge', 'tap', 'sso', 'single sign-on', 'sign in', 'reader'],
    body: md({
      symptoms: [
        'Tapping your badge does nothing',
        'The reader beeps but the desktop stays locked',
        '"Badge not registered"',
      ],
      steps: [
        'Check the reader light: no light at all means the reader is unplugged or broken — use another workstation and report the asset tag.',
        'Tap and hold the badge flat on the reader for two seconds; remove other cards from the holder.',
        'Sign in once with your username and password. Badge tap is re-enabled after a password change or after 12 hours without a password sign-in.',
        'If the screen says "Badge not registered", tap the badge and follow the prompt to enrol it with your password.',
        'New or replacement badges need enrolment too: tap, then enter your password when asked.',
      ],
      escalate:
        'If several people on the unit cannot tap in, it is a wider SSO problem: call the desk and say how many workstations are affected.',
    }),
  },
  {
    title: 'Badge tap signs in the wrong person (shared workstation)',
    type: 'known_issue',
    service: 'sso',
    audience: 'agents',
    owner: 'platform',
    tags: ['badge', 'tap', 'wrong user', 'shared workstation', 'fast user switching', 'patient safety'],
    body: md({
      about: 'Documentation under the wrong user is a patient-safety and compliance issue.',
      symptoms: ['After tapping, the EHR shows the previous user', "Orders or notes appear under a colleague's name"],
      steps: [
        'Ask the caller to tap out (tap again) and confirm the desktop returns to the lock screen.',
        'Tap in again and confirm the name in the EHR banner before documenting.',
        'If documentation was saved under the wrong user, ask the caller to tell their charge nurse; the correction is done in the EHR, not by IT.',
        'Record the workstation asset tag and time and open an incident to SSO engineering with patient safety ticked.',
      ],
      escalate:
        'Always escalate to Identity, SSO & Virtual Desktop Engineering with the asset tag, even if it works now.',
    }),
  },
  {
    title: 'Set up MFA for remote access on a new phone',
    type: 'how_to',
    service: 'account',
    audience: 'portal',
    owner: 'iam',
    tags: ['mfa', 'authenticator', 'new phone', 'remote access', 'vpn', 'two-factor'],
    body: md({
      steps: [
        'Install the hospital authenticator app on the new phone from the app store.',
        'On a hospital workstation open the account self-service page and choose **Security info → Add method**.',
        'Scan the QR code with the app and approve the test prompt.',
        'Remove the old phone from the list once the new one works.',
      ],
      escalate:
        'If you no longer have the old phone and cannot reach a hospital workstation, call the desk for a temporary access code (identity is verified by call-back).',
    }),
  },
  // Printing
  {
    title: 'Wristband printer prints blank, faded or shifted wristbands',
    type: 'troubleshooting',
    service: 'dev.wristband',
    roles: ['rn', 'registration', 'unit_clerk'],
    units: ['ed', 'inpatient'],
    audience: 'portal',
    owner: 'field',
    tags: ['wristband', 'armband', 'printer', 'blank', 'faded', 'zebra', 'patient id band'],
    body: md({
      symptoms: [
        'Wristbands come out blank or very faint',
        'Barcode cut off or printed across the edge',
        'Printer flashes red',
      ],
      steps: [
        'Open the printer lid and check the wristband cartridge is seated and the right size (adult, paediatric or infant).',
        'Blank bands: the cartridge is upside down or empty — reload it with the printed side facing out.',
        'Faded print: clean the print head with an alcohol wipe and let it dry for one minute.',
        'Shifted print or cut-off barcode: hold the feed button until one blank band comes out (calibration).',
        'Reprint from the EHR: **Patient Station → Print Wristband**, and scan the new band before applying it.',
      ],
      workaround: [
        'Print from the wristband printer of a neighbouring unit and collect the band; never hand-write a band for BCMA.',
      ],
      escalate:
        'If calibration fails or the printer shows a hardware error, open a ticket to Field Services with the asset tag.',
    }),
  },
  {
    title: 'Reprint a patient wristband in the EHR',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.adt',
    roles: ['rn', 'registration', 'unit_clerk'],
    audience: 'portal',
    owner: 'access',
    tags: ['wristband', 'reprint', 'armband', 'patient station', 'id band'],
    body: md({
      steps: [
        'Open the patient in **Patient Station** (or the ED tracking board).',
        'Choose **Print Wristband**; check the printer shown is the wristband printer next to you.',
        'Select the band size and the number of copies, then **Print**.',
        'Compare the name, MRN and date of birth with the patient before applying, and scan the new band once to confirm it reads.',
      ],
      escalate: 'If the wrong printer is listed, your workstation mapping is wrong: call the desk with the asset tag.',
    }),
  },
  {
    title: 'Specimen label printer prints nothing or prints on the wrong label',
    type: 'troubleshooting',
    service: 'dev.label',
    module: undefined,
    roles: ['rn', 'tech'],
    units: ['ed', 'inpatient', 'icu', 'lab'],
    audience: 'portal',
    owner: 'field',
    tags: ['label printer', 'specimen labels', 'lab labels', 'zebra', 'misaligned', 'collection'],
    body: md({
      symptoms: [
        'Specimen labels do not print after **Collect**',
        'Labels print across two stickers',
        'Printer shows "paused"',
      ],
      steps: [
        'Check the printer is on, the light is green and it is not paused (press the pause button once).',
        'Make sure the label roll is the specimen label stock and feeds under the guides.',
        'Hold the feed button until one label feeds to recalibrate; labels printing across two stickers are fixed this way.',
        'Reprint from **Specimen Collection → Reprint Labels**, choosing the printer next to you.',
      ],
      workaround: ["Print to another unit's label printer and label specimens at the bedside as usual."],
      escalate:
        'If no label printer is offered at all, the workstation mapping is missing: call the desk with the asset tag.',
    }),
  },
  {
    title: 'Printing goes to the wrong printer or no printer is listed',
    type: 'troubleshooting',
    service: 'dev.printer',
    audience: 'portal',
    owner: 'field',
    tags: ['printer mapping', 'default printer', 'wrong printer', 'print queue', 'citrix printing'],
    body: md({
      steps: [
        'Note the workstation asset tag (sticker on the front or the desktop background).',
        'In the EHR choose **Print → Printer Setup** and check the default printer for reports, labels and wristbands.',
        'In Citrix, printers follow the workstation: sign out of Citrix completely and sign in again to refresh the mapping.',
        'If the printer you need is missing from the list, call the desk with the asset tag and the printer name on its label.',
      ],
    }),
  },
  {
    title: 'Printer jam or "offline" on a unit printer',
    type: 'troubleshooting',
    service: 'dev.printer',
    audience: 'portal',
    owner: 'field',
    tags: ['printer', 'paper jam', 'offline', 'toner', 'laser printer'],
    body: md({
      steps: [
        'Follow the jam diagram on the printer display; open only the doors it shows and pull paper in the direction of travel.',
        'Turn the printer off and on and wait until the display says Ready.',
        'Check the network cable is plugged in if the printer says offline.',
        'Cancel and resend the job once the printer is ready.',
      ],
      escalate: 'Repeated jams, toner errors or hardware messages: ticket to Field Services with the asset tag.',
    }),
  },
  // BCMA
  {
    title: 'BCMA scanner does not read the patient wristband',
    type: 'troubleshooting',
    service: 'ehr',
    module: 'ehr.bcma',
    roles: NURSING,
    units: ['inpatient', 'icu', 'ed'],
    audience: 'portal',
    owner: 'inpatient',
    tags: ['bcma', 'scanner', 'wristband', 'barcode', 'scan', 'patient not found', 'medication administration'],
    body: md({
      symptoms: [
        'Scanning the wristband does nothing',
        '"Patient not found" after scanning',
        'Scanner beeps but the EHR does not react',
      ],
      steps: [
        'Click into the medication administration activity first: the scan goes to whichever window has focus.',
        'Check the scanner light turns on when you pull the trigger. No light: charge or re-seat the battery, or dock it for 10 seconds.',
        'Scan a known barcode (a medication) — if that works, the wristband barcode is damaged: reprint the wristband.',
        '"Patient not found" means the band belongs to another encounter (e.g. an ED band after admission): reprint from Patient Station.',
        'Cordless scanners: re-pair by scanning the pairing barcode on the base station.',
      ],
      workaround: [
        "Follow the unit's BCMA override policy: a documented override with a second nurse check. Never type the MRN to bypass scanning without an override reason.",
      ],
      escalate: 'If no scanner on the unit works, call the desk as a unit-wide incident (patient care affected).',
    }),
  },
  {
    title: 'BCMA: "medication not on the MAR" when scanning a dose',
    type: 'troubleshooting',
    service: 'ehr',
    module: 'ehr.bcma',
    roles: NURSING,
    units: ['inpatient', 'icu'],
    audience: 'portal',
    owner: 'inpatient',
    tags: ['bcma', 'scan medication', 'not on mar', 'wrong barcode', 'pharmacy', 'ndc'],
    body: md({
      steps: [
        'Confirm the order is active and verified by pharmacy (unverified orders show a pharmacy-verification icon).',
        'Check the product: a different strength or manufacturer may have a barcode that is not linked yet.',
        'Do not give the dose until the mismatch is understood; call pharmacy to verify the product.',
        'If pharmacy confirms the product is correct, they link the barcode; scan again.',
      ],
      escalate:
        'Barcodes that never match a product go to Pharmacy informatics (ticket with the product name and NDC from the package).',
    }),
  },
  {
    title: 'Pair a cordless barcode scanner with its base',
    type: 'how_to',
    service: 'dev.scanner',
    roles: NURSING,
    audience: 'portal',
    owner: 'field',
    tags: ['scanner', 'pair', 'cordless', 'bluetooth', 'base station', 'cradle'],
    body: md({
      steps: [
        'Put the scanner in its base for 10 seconds to charge and wake it.',
        'Scan the pairing barcode printed on the base station label.',
        'Wait for the confirmation beep (one short, one long).',
        'Test by scanning into the EHR search box.',
      ],
      escalate:
        'If the base has no pairing label or the scanner does not beep, ticket to Field Services with both asset tags.',
    }),
  },
  // CPOE / orders
  {
    title: 'Sign orders waiting for your signature',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.orders',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'orders',
    tags: ['sign orders', 'cosign', 'co-sign', 'pended orders', 'verbal orders', 'cpoe', 'signature'],
    body: md({
      about: 'Pended orders, verbal/telephone orders and orders placed by residents may wait for your signature.',
      steps: [
        'Open **In-Basket → Cosign Orders** (or the "Orders to sign" count on your dashboard).',
        'Select the orders, review them, and choose **Sign** — several at once with **Select All**.',
        'For pended orders on a patient chart: open **Orders → Pended**, review and **Sign**.',
        'If you are prompted for a reason or diagnosis, complete it; the signature is not saved until the prompt is done.',
      ],
      escalate:
        'If the Sign button is greyed out, your security template may be missing ordering rights: ticket to Clinical Apps — Orders.',
    }),
  },
  {
    title: 'Order will not sign: "required field" or hard stop',
    type: 'troubleshooting',
    service: 'ehr',
    module: 'ehr.orders',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'orders',
    tags: ['sign order', 'hard stop', 'required field', 'cpoe', 'cannot sign', 'order error'],
    body: md({
      steps: [
        'Look for the red stop sign or asterisk: every field marked with it must be completed (dose, frequency, indication).',
        'Scroll the order composer to the bottom: some required questions are below the fold.',
        'A drug interaction or allergy hard stop needs an override reason or a changed order.',
        'If the order still will not sign, remove it and re-enter it from the order search, not from a favourite.',
      ],
      escalate:
        'A favourite or order set that always fails is a build problem: ticket to Clinical Apps — Orders with the order set name.',
    }),
  },
  {
    title: 'Place a verbal or telephone order and send it for cosign',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.orders',
    roles: ['rn', 'pharmacist'],
    audience: 'portal',
    owner: 'orders',
    tags: ['verbal order', 'telephone order', 'cosign', 'read back', 'order mode'],
    body: md({
      steps: [
        'Open the patient chart and the **Orders** activity.',
        'Choose the order mode **Verbal with read-back** or **Telephone with read-back**.',
        'Select the ordering provider; it routes the order to their In-Basket for cosign.',
        'Enter the order, read it back to the provider, and sign.',
      ],
      note: 'Follow hospital policy on which orders may be taken verbally.',
    }),
  },
  {
    title: 'Order sets missing or empty',
    type: 'known_issue',
    service: 'ehr',
    module: 'ehr.orders',
    roles: PRESCRIBERS,
    audience: 'agents',
    owner: 'orders',
    tags: ['order set', 'missing', 'empty', 'favourites', 'preference list', 'cpoe'],
    body: md({
      symptoms: ['An order set opens with no orders', 'A favourite order set is missing after an upgrade'],
      steps: [
        'Ask for the order set name and the department the caller is logged in to.',
        'Check the login department: many order sets are restricted by department or specialty.',
        'Ask the caller to search the order set by name rather than open it from favourites; re-add it to favourites.',
        'If it is still empty for everyone, log an incident to Clinical Apps — Orders (build) with the order set name.',
      ],
      workaround: ['Place the individual orders from order search.'],
    }),
  },
  // eMAR
  {
    title: 'Document a late or early medication administration on the eMAR',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.emar',
    roles: NURSING,
    units: ['inpatient', 'icu'],
    audience: 'portal',
    owner: 'inpatient',
    tags: ['emar', 'mar', 'late dose', 'early dose', 'documentation', 'administration time', 'reason'],
    body: md({
      steps: [
        'Open the MAR and select the dose.',
        'Scan the patient and the medication as usual.',
        'Change the administration time to the real time given; a late or early dose asks for a reason.',
        'Pick the reason (e.g. "Patient off unit") and add a comment if your unit requires it, then **Accept**.',
      ],
      note: 'Late documentation of a dose you already gave: use **Document Late Entry** and enter the actual time.',
    }),
  },
  {
    title: 'Chart a held or refused medication on the eMAR',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.emar',
    roles: NURSING,
    audience: 'portal',
    owner: 'inpatient',
    tags: ['emar', 'held', 'refused', 'not given', 'mar action', 'reason'],
    body: md({
      steps: [
        'Select the dose on the MAR and choose **Not Given**.',
        'Pick the reason: Held (e.g. parameters not met) or Refused by patient.',
        'Document the value that triggered the hold (blood pressure, heart rate, glucose) if asked.',
        'Notify the prescriber if your policy requires it and add a comment.',
      ],
    }),
  },
  {
    title: 'eMAR shows doses at the wrong times after a frequency change',
    type: 'known_issue',
    service: 'ehr',
    module: 'ehr.emar',
    roles: ['rn', 'pharmacist'],
    audience: 'agents',
    owner: 'inpatient',
    tags: ['emar', 'schedule', 'frequency change', 'wrong time', 'admin times', 'pharmacy'],
    body: md({
      about: 'Changing the frequency of a verified order keeps the old first-dose time until pharmacy reschedules it.',
      steps: [
        'Confirm the order was modified (not discontinued and reordered).',
        'Ask the nurse to call pharmacy to **Reschedule** the administration times.',
        'Once pharmacy reschedules, refresh the MAR.',
      ],
      workaround: [
        'Give the dose at the prescribed time and document it with the actual time and reason "Schedule change".',
      ],
      escalate: 'If rescheduling does not change the times, ticket to Clinical Apps — Pharmacy with the order ID.',
    }),
  },
  {
    title: 'Insulin and heparin: document a dose that needs a second nurse check',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.emar',
    roles: NURSING,
    units: ['inpatient', 'icu'],
    audience: 'portal',
    owner: 'inpatient',
    tags: ['emar', 'dual sign-off', 'second nurse', 'cosign', 'insulin', 'heparin', 'high alert'],
    body: md({
      steps: [
        'Scan the patient and medication and enter the dose.',
        'The eMAR asks for a **second verifier**: the second nurse taps their badge or enters their username and password.',
        'Both names appear on the administration; then **Accept**.',
        'If the verifier field does not appear, the medication is not flagged as high-alert — tell pharmacy.',
      ],
    }),
  },
  // In-Basket
  {
    title: 'Find and manage In-Basket messages (results, cosign, staff messages)',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.inbasket',
    roles: [...PRESCRIBERS, 'rn'],
    units: ['outpatient', 'inpatient'],
    audience: 'portal',
    owner: 'orders',
    tags: ['in basket', 'inbasket', 'messages', 'results', 'staff message', 'folders'],
    body: md({
      steps: [
        'Open **In-Basket** from the toolbar; folders on the left show counts by type (Results, Cosign, Staff Message, Patient Advice Request).',
        'Select a folder, then a message; the reading pane shows the details and actions.',
        'Use **Done** to file a message, **Forward** to send it on, **Reply** for staff messages.',
        'Results you acknowledge are marked reviewed in the chart.',
      ],
    }),
  },
  {
    title: 'In-Basket results going to the wrong provider or missing',
    type: 'troubleshooting',
    service: 'ehr',
    module: 'ehr.inbasket',
    roles: PRESCRIBERS,
    audience: 'agents',
    owner: 'orders',
    tags: ['in basket', 'results', 'routing', 'missing results', 'wrong provider', 'pool'],
    body: md({
      steps: [
        'Ask for one example: patient encounter, result and expected recipient (no PHI in the ticket summary).',
        'Check who was the ordering and authorising provider on the order: results route to them.',
        'Check the In-Basket filters: "Show completed" and date range can hide messages.',
        "Results for departed providers route to a pool: check the department's results pool.",
      ],
      escalate: 'Routing rules are build: ticket to Clinical Apps — Orders & Physician Documentation with the example.',
    }),
  },
  {
    title: 'Set up In-Basket out-of-office and delegate messages',
    type: 'how_to',
    service: 'ehr',
    module: 'ehr.inbasket',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'orders',
    tags: ['in basket', 'out of office', 'delegate', 'coverage', 'vacation'],
    body: md({
      steps: [
        'In In-Basket choose **Out** (or **Delegate**).',
        'Pick the covering provider and the start and end dates.',
        'Choose which message types go to them (results, cosign, patient messages).',
        'Save; the covering provider sees your messages in their "Covering" folder.',
      ],
    }),
  },
  // Citrix / VDI
  {
    title: 'Citrix/VDI session frozen or disconnected',
    type: 'troubleshooting',
    service: 'vdi',
    audience: 'portal',
    owner: 'platform',
    tags: ['citrix', 'vdi', 'frozen', 'disconnected', 'hung', 'virtual desktop', 'session'],
    body: md({
      symptoms: [
        'The EHR window stops responding',
        '"Connection interrupted — reconnecting"',
        'Black screen after badge tap',
      ],
      steps: [
        'Wait 30 seconds: short network blips reconnect by themselves.',
        'Tap out and tap in again (or press Ctrl+Alt+End and choose Disconnect); your session reconnects where you left it.',
        'If it still hangs, choose **Reset session** from the Citrix workspace menu — unsaved work in the session is lost.',
        'Try another workstation: if that works, the first workstation has a problem (note its asset tag).',
      ],
      escalate:
        'Several users on a unit frozen at once: call the desk as a unit-wide incident (network or Citrix servers).',
    }),
  },
  {
    title: 'Citrix: "Cannot start app" or the EHR icon is missing',
    type: 'troubleshooting',
    service: 'vdi',
    audience: 'portal',
    owner: 'platform',
    tags: ['citrix', 'cannot start app', 'icon missing', 'workspace', 'storefront', 'launch'],
    body: md({
      steps: [
        'Sign out of Citrix Workspace completely and sign in again.',
        'Check you are on the hospital network or VPN.',
        'If the icon is missing, search for the app in Workspace and mark it as a favourite.',
        'Restart the workstation if the launch keeps failing.',
      ],
      escalate:
        'If the app is not listed at all, your account may lack the application group: ticket to Identity & Access Administration.',
    }),
  },
  {
    title: 'Citrix session slow: what to check before calling',
    type: 'troubleshooting',
    service: 'vdi',
    audience: 'portal',
    owner: 'platform',
    tags: ['citrix', 'slow', 'lag', 'performance', 'vdi'],
    body: md({
      steps: [
        'Close applications you do not need inside the session (each open chart uses memory).',
        'Disconnect and reconnect the session.',
        'Check whether colleagues on the same unit are slow too — that points to the network or servers.',
        'Note the time and workstation asset tag when it is slow; they let engineers find the session.',
      ],
    }),
  },
  {
    title: "Agents: find and reset a user's Citrix session",
    type: 'how_to',
    service: 'vdi',
    audience: 'agents',
    owner: 'platform',
    tags: ['citrix', 'reset session', 'director', 'log off', 'stuck session', 'vdi'],
    body: md({
      steps: [
        'Open Citrix Director and search the user by username.',
        'Check the session state: Active, Disconnected, or Unknown.',
        'Tell the user unsaved work in the session will be lost; with their agreement choose **Log Off**.',
        'If log off fails, use **Reset** on the machine (VDI) and ask the user to wait two minutes before launching again.',
      ],
      escalate:
        'Sessions that cannot be reset or repeat within the hour: escalate to Identity, SSO & Virtual Desktop Engineering.',
    }),
  },
  // Downtime and other
  {
    title: 'EHR downtime: what to do when the EHR is unavailable',
    type: 'downtime',
    service: 'ehr',
    audience: 'portal',
    owner: 'platform',
    tags: ['downtime', 'ehr down', 'outage', 'bca', 'read-only', 'paper', 'business continuity'],
    body: md({
      about: 'Planned and unplanned EHR downtime follows the same steps. Patient care continues on paper.',
      steps: [
        'Confirm the downtime: the overhead page, the downtime banner, or call the desk (do not open a ticket per person).',
        'Use the **BCA (business continuity) workstation** on your unit to print the downtime reports: MAR, active orders, census.',
        'Switch to the paper downtime forms in the unit downtime binder: orders, MAR, flowsheets, lab requisitions.',
        'Keep all paper; when the EHR is back, back-enter medication administrations first, then the rest as your unit policy says.',
      ],
      escalate: 'If the BCA workstation will not print, call the desk as critical: patient care is affected.',
    }),
  },
  {
    title: 'Clinical Wi-Fi drops on workstations on wheels',
    type: 'troubleshooting',
    service: 'inf.wifi',
    audience: 'portal',
    owner: 'network',
    tags: ['wifi', 'wireless', 'wow', 'workstation on wheels', 'disconnect', 'dead spot'],
    body: md({
      steps: [
        'Note the room or corridor where the connection drops.',
        'Check the WOW battery: low battery reduces wireless power.',
        'Move towards the nurse station and see whether it reconnects.',
        'Tell the desk the location and the WOW asset tag; repeated drops in one place point to a dead spot.',
      ],
    }),
  },
  {
    title: 'Hands-free communicator will not log in or is not receiving calls',
    type: 'troubleshooting',
    service: 'inf.comms',
    roles: NURSING,
    audience: 'portal',
    owner: 'telecom',
    tags: ['communicator', 'badge phone', 'hands-free', 'vocera', 'log in', 'calls'],
    body: md({
      steps: [
        'Press the call button and say "Log in" followed by your first and last name.',
        'If it does not recognise you, check the battery and swap to a charged one.',
        'Check you are logged in to the right group (say "What group am I in?").',
        'Try another device; if it works, the first one is faulty — return it to the charging rack labelled.',
      ],
    }),
  },
  {
    title: 'PACS images not loading or "study not found"',
    type: 'troubleshooting',
    service: 'pacs',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'imaging',
    tags: ['pacs', 'images', 'study not found', 'radiology', 'viewer', 'loading'],
    body: md({
      steps: [
        'Open the study from the EHR (**Results → Imaging → View Images**) rather than searching in PACS.',
        'Recent studies can take a few minutes to arrive after the technologist completes the exam.',
        'Close the viewer and open it again; clear the viewer cache from its settings if images stay black.',
        'Check another study opens; if none do, call the desk.',
      ],
      escalate: 'Studies missing for more than 30 minutes after completion: Imaging Applications — PACS.',
    }),
  },
  {
    title: 'Dictation microphone not recognised',
    type: 'troubleshooting',
    service: 'dictation',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'orders',
    tags: ['dictation', 'microphone', 'speech recognition', 'not recognised', 'usb'],
    body: md({
      steps: [
        'Plug the microphone into a USB port directly on the workstation (not a hub or keyboard).',
        'In the dictation toolbar choose **Audio setup** and select the microphone.',
        'Citrix users: disconnect and reconnect the session so the microphone is redirected.',
        'Run the audio check and read the sample text.',
      ],
    }),
  },
  {
    title: 'Email on a personal phone: set up or fix sync',
    type: 'how_to',
    service: 'email',
    audience: 'portal',
    owner: 'iam',
    tags: ['email', 'phone', 'outlook', 'sync', 'mobile', 'calendar'],
    body: md({
      steps: [
        'Install the hospital-approved mail app from the app store.',
        'Sign in with your hospital email address and network password; approve the MFA prompt.',
        'Accept the device protection policy (a screen lock PIN is required).',
        'If mail stops syncing after a password change, remove the account and add it again.',
      ],
    }),
  },
  {
    title: 'VPN connects but the EHR does not open from home',
    type: 'troubleshooting',
    service: 'inf.vpn',
    roles: PRESCRIBERS,
    audience: 'portal',
    owner: 'network',
    tags: ['vpn', 'remote access', 'home', 'ehr from home', 'citrix'],
    body: md({
      steps: [
        'Disconnect and reconnect the VPN, then launch the EHR from Citrix Workspace (not a saved shortcut).',
        'Check your home internet works without the VPN.',
        'If Citrix says "Cannot connect to server", restart the computer and try again.',
        'Call the desk with the exact error message and the time.',
      ],
    }),
  },
];
