// Per-module knowledge for the demo EHR: structured facts (roles, downtime specifics, common tasks) turned into
// coherent articles — a downtime procedure, an access how-to, a first-checks script and task how-tos per module.
import type { ClinicalRole, UnitKind } from '../../domain/vocabulary.ts';
import { type KbDef, md } from './knowledge-articles.ts';

type Task = { title: string; tags: string[]; steps: string[]; note?: string };
type ModuleFacts = {
  key: string;
  short: string;
  roles: ClinicalRole[];
  units?: UnitKind[];
  owner: string;
  words: string[]; // what clinicians call it
  downtime: string[];
  tasks: Task[];
};

const RX: ClinicalRole[] = ['attending', 'resident', 'app'];
const NURSE: ClinicalRole[] = ['rn', 'tech'];

export const MODULE_FACTS: ModuleFacts[] = [
  {
    key: 'ehr.ed',
    short: 'ED tracking board',
    roles: [...RX, 'rn', 'registration'],
    units: ['ed'],
    owner: 'ed',
    words: ['emergency', 'tracking board', 'triage'],
    downtime: [
      'Print the ED census and the "patients waiting" list from the BCA workstation.',
      'Track arrivals on the paper ED log; triage on the paper triage form.',
    ],
    tasks: [
      {
        title: 'Assign yourself to a patient on the ED tracking board',
        tags: ['assign', 'tracking board', 'provider', 'nurse'],
        steps: [
          'Open the tracking board and find the patient row.',
          'Right-click the provider or nurse column and choose **Assign Me**.',
          'Your initials appear in the column and the patient shows on "My Patients".',
        ],
      },
      {
        title: 'Quick-register an unknown (trauma) patient in the ED',
        tags: ['quick registration', 'trauma', 'unknown patient', 'alias', 'registration'],
        steps: [
          'Choose **Quick Reg** on the tracking board.',
          'Use the trauma alias name generated for you and the estimated age and sex.',
          'Print the wristband and labels; registration merges the record when the identity is known.',
        ],
      },
      {
        title: 'Triage a patient in the ED',
        tags: ['triage', 'esi', 'acuity', 'chief complaint'],
        steps: [
          'Open the patient from the tracking board and choose **Triage**.',
          'Document chief complaint, vitals and allergies.',
          'Assign the acuity level; the tracking board colour changes when you sign.',
        ],
      },
    ],
  },
  {
    key: 'ehr.nursing',
    short: 'Flowsheets',
    roles: NURSE,
    units: ['inpatient', 'icu'],
    owner: 'inpatient',
    words: ['flowsheet', 'vitals', 'assessment', 'nursing documentation'],
    downtime: [
      'Use the paper flowsheets and assessment forms from the downtime binder.',
      'Record vital signs on the paper graphic record; back-enter significant values after downtime.',
    ],
    tasks: [
      {
        title: 'Add a row or group to a flowsheet',
        tags: ['flowsheet', 'add row', 'lda', 'drain', 'line'],
        steps: [
          'Open **Flowsheets** and the right flowsheet tab.',
          'Choose **Add Rows** (or **Add Group** for a line, drain or airway).',
          'Search for the row by name and select it; it stays on the flowsheet for this patient.',
        ],
      },
      {
        title: 'Correct a flowsheet value documented in error',
        tags: ['flowsheet', 'correct', 'documented in error', 'edit value'],
        steps: [
          'Click the value and choose **Edit**.',
          'Enter the correct value, or choose **Delete** and a reason if it was on the wrong patient.',
          'The original stays in the audit history; values on the wrong patient must also be reported to your charge nurse.',
        ],
      },
      {
        title: 'Vital signs from the monitor do not appear in the flowsheet',
        tags: ['vitals', 'monitor', 'device integration', 'validate', 'flowsheet'],
        steps: [
          'Check the monitor is associated with the patient (**Device Association** in the flowsheet toolbar).',
          'Device values arrive as unvalidated: open the flowsheet and **Validate** them.',
          'If nothing arrives for 15 minutes, re-associate the device and call the desk with the monitor ID.',
        ],
      },
    ],
  },
  {
    key: 'ehr.emar',
    short: 'eMAR',
    roles: [...NURSE, 'pharmacist'],
    units: ['inpatient', 'icu'],
    owner: 'inpatient',
    words: ['mar', 'medication administration record'],
    downtime: [
      'Print the downtime MAR from the BCA workstation at the start of the downtime.',
      'Document administrations on the printed MAR and back-enter them in the eMAR first when the EHR returns.',
    ],
    tasks: [
      {
        title: 'Document a PRN (as needed) medication with reassessment',
        tags: ['prn', 'as needed', 'pain reassessment', 'emar', 'follow-up'],
        steps: [
          'Select the PRN dose on the MAR and scan as usual.',
          'Enter the reason (e.g. pain score) and accept.',
          'The MAR creates a reassessment task; document the follow-up score when it is due.',
        ],
      },
      {
        title: 'Document an IV infusion rate change on the eMAR',
        tags: ['infusion', 'rate change', 'titration', 'iv', 'drip', 'emar'],
        steps: [
          'Select the infusion on the MAR and choose **Rate Change**.',
          'Enter the new rate and the time; titratable drips ask for the parameter that drove the change.',
          'Accept; the flowsheet intake updates with the new rate.',
        ],
      },
    ],
  },
  {
    key: 'ehr.bcma',
    short: 'BCMA',
    roles: NURSE,
    units: ['inpatient', 'icu', 'ed'],
    owner: 'inpatient',
    words: ['barcode', 'scanning', 'bar code medication administration'],
    downtime: [
      'Scanning is not possible: give medications from the printed downtime MAR with the five rights checked manually.',
      'Document on paper; when the EHR returns, back-enter the administrations without scanning, with the reason "Downtime".',
    ],
    tasks: [
      {
        title: 'Document a BCMA scan override with a reason',
        tags: ['override', 'bcma', 'scan override', 'manual entry', 'reason'],
        steps: [
          'After a failed scan, choose **Override** (not available for high-alert medications without a second nurse).',
          'Pick the reason: wristband unreadable, barcode damaged, product not linked.',
          'A second nurse verifies if required; then accept. Overrides are reported weekly to the unit manager.',
        ],
      },
      {
        title: 'Scan breast milk or blood products at the bedside',
        tags: ['breast milk', 'blood product', 'transfusion', 'scan', 'bcma'],
        steps: [
          'Open the **Milk** or **Transfusion** activity, not the MAR.',
          'Scan the patient wristband, then the product label.',
          'Blood products need a second scanner (verifier) before you start the transfusion.',
        ],
      },
    ],
  },
  {
    key: 'ehr.orders',
    short: 'CPOE',
    roles: [...RX, 'pharmacist'],
    owner: 'orders',
    words: ['orders', 'order entry', 'cpoe'],
    downtime: [
      'Write orders on the paper downtime order forms; pharmacy processes them from the fax or tube.',
      'After downtime, orders are entered in the EHR by the ordering provider (or as verbal orders) and the paper is scanned.',
    ],
    tasks: [
      {
        title: 'Reconcile and sign discharge medication orders',
        tags: ['discharge', 'med rec', 'reconciliation', 'discharge orders', 'prescriptions'],
        steps: [
          'Open the **Discharge** navigator and the **Med Reconciliation** section.',
          'For each home and inpatient medication choose Continue, Modify, or Stop.',
          'Sign the discharge orders; new prescriptions route to the chosen pharmacy.',
        ],
      },
      {
        title: 'Save an order as a personal favourite',
        tags: ['favourite', 'favorite', 'preference list', 'quick list', 'order'],
        steps: [
          'Open an order in the composer and set the usual dose and frequency.',
          'Click the star (**Add to Favourites**) and name it.',
          'It appears under **Favourites** in order search.',
        ],
      },
      {
        title: 'Discontinue or modify an active order',
        tags: ['discontinue', 'modify', 'change order', 'reorder', 'cpoe'],
        steps: [
          'Open **Orders → Active Orders**.',
          'Select the order and choose **Discontinue** or **Modify**.',
          'Sign; modifications to verified medications go back to pharmacy for verification.',
        ],
      },
    ],
  },
  {
    key: 'ehr.notes',
    short: 'Notes',
    roles: RX,
    owner: 'orders',
    words: ['progress note', 'documentation', 'smartphrase', 'template'],
    downtime: [
      'Write notes on paper progress note forms and file them in the downtime chart.',
      'After downtime, notes are scanned into the chart; important findings may also be entered as a late note.',
    ],
    tasks: [
      {
        title: 'Create and use a SmartPhrase-style text shortcut',
        tags: ['smartphrase', 'dot phrase', 'shortcut', 'template', 'note'],
        steps: [
          'Open **Personalise → SmartPhrase Manager**.',
          'Choose **New**, give it a short name and type the text (add fields with @ and blanks with ***).',
          'In a note type a dot and the name (e.g. `.mynote`) to insert it.',
        ],
      },
      {
        title: 'Addend or correct a signed note',
        tags: ['addendum', 'correct note', 'signed note', 'amend'],
        steps: [
          'Open the signed note and choose **Addendum**.',
          'Write the correction or addition; the original stays visible.',
          'Sign; notes on the wrong patient are handled by Health Information Management, not by IT.',
        ],
      },
    ],
  },
  {
    key: 'ehr.adt',
    short: 'Bed board',
    roles: ['rn', 'unit_clerk', 'registration'],
    units: ['inpatient', 'ed'],
    owner: 'access',
    words: ['adt', 'bed board', 'patient flow', 'transfer', 'admission'],
    downtime: [
      'Track bed assignments on the paper census and the downtime bed board.',
      'Admissions, transfers and discharges are entered in time order once the EHR is back.',
    ],
    tasks: [
      {
        title: 'Transfer a patient to another bed or unit',
        tags: ['transfer', 'bed', 'unit', 'adt', 'move patient'],
        steps: [
          'Open the bed board and find the patient.',
          'Choose **Transfer**, pick the destination unit and bed, and the level of care.',
          'Confirm; the receiving unit sees the patient as "incoming" until they accept.',
        ],
      },
      {
        title: 'Discharge a patient in the EHR (ADT)',
        tags: ['discharge', 'adt', 'bed clean', 'discharge time'],
        steps: [
          'Check the discharge order is signed.',
          'On the bed board choose **Discharge**, enter the actual time and disposition.',
          'The bed goes to "needs cleaning" for environmental services.',
        ],
      },
    ],
  },
  {
    key: 'ehr.pharmacy',
    short: 'Pharmacy verification',
    roles: ['pharmacist'],
    units: ['pharmacy'],
    owner: 'pharmacy',
    words: ['verification', 'dispensing', 'pharmacist queue'],
    downtime: [
      'Pharmacists verify orders from the paper downtime order forms and the printed active-medication report.',
      'Dispense from the automated cabinets on override with paper records; reconcile after downtime.',
    ],
    tasks: [
      {
        title: 'Work the pharmacist verification queue',
        tags: ['verification queue', 'pharmacist', 'verify orders', 'priority'],
        steps: [
          'Open **Verify Orders** and sort by priority (STAT first).',
          'Review dose, allergies, interactions and renal function alerts.',
          'Verify, or contact the prescriber with **Send Message** and pend the order.',
        ],
      },
      {
        title: 'Link a new product barcode to a medication',
        tags: ['barcode', 'ndc', 'product', 'link barcode', 'bcma'],
        steps: [
          'Open the medication record in the product maintenance activity.',
          'Scan the new package barcode and confirm the NDC, strength and form.',
          'Save; nurses can scan the product immediately.',
        ],
      },
    ],
  },
  {
    key: 'ehr.lab',
    short: 'Specimen collection',
    roles: ['rn', 'tech'],
    units: ['inpatient', 'icu', 'ed', 'lab'],
    owner: 'ancillary',
    words: ['lab', 'specimen', 'collection', 'phlebotomy'],
    downtime: [
      'Use paper lab requisitions and hand-label specimens with two identifiers.',
      'Lab registers downtime specimens when the EHR returns; results are released to the chart then.',
    ],
    tasks: [
      {
        title: 'Collect and label specimens in the EHR',
        tags: ['collect', 'specimen', 'labels', 'lab', 'bedside'],
        steps: [
          'Open **Specimen Collection** and scan the patient wristband.',
          'Select the specimens you are collecting and print labels at the bedside printer.',
          'Label in front of the patient, then mark **Collected**.',
        ],
      },
      {
        title: 'Add on a test to a specimen already in the lab',
        tags: ['add on', 'add-on test', 'lab', 'specimen'],
        steps: [
          'Place the order with the specimen source **Add-on to existing specimen**.',
          'Call the lab with the patient and accession number so they keep the tube.',
          'The lab receives the add-on and results as usual.',
        ],
      },
    ],
  },
  {
    key: 'ehr.radiology',
    short: 'Radiology orders',
    roles: [...RX, 'tech'],
    units: ['radiology', 'ed'],
    owner: 'ancillary',
    words: ['imaging order', 'radiology', 'technologist'],
    downtime: [
      'Order imaging on paper requisitions; technologists log exams on the paper log.',
      'Exams are entered and completed in the EHR after downtime so images can be matched in PACS.',
    ],
    tasks: [
      {
        title: 'Order an imaging exam with the right reason for exam',
        tags: ['imaging order', 'reason for exam', 'ct', 'mri', 'x-ray'],
        steps: [
          'Search the exam (e.g. "CT head without contrast").',
          'Complete the reason for exam and the clinical questions; contrast exams ask for renal function.',
          'Sign; radiology schedules it and the technologist sees it in their worklist.',
        ],
      },
      {
        title: 'Technologist: complete an exam so images reach PACS',
        tags: ['complete exam', 'technologist', 'worklist', 'pacs', 'modality'],
        steps: [
          'Select the exam on the modality worklist so the accession number goes to the scanner.',
          'After imaging, choose **End Exam** in the EHR.',
          'Images appear in PACS matched to the order within minutes.',
        ],
      },
    ],
  },
  {
    key: 'ehr.periop',
    short: 'OR / Anesthesia',
    roles: [...RX, 'rn'],
    units: ['or'],
    owner: 'periop',
    words: ['operating room', 'anesthesia', 'surgery', 'intraop'],
    downtime: [
      'Use the paper anesthesia record and the paper intraoperative nursing record.',
      'Case times and implants are entered after downtime from the paper records.',
    ],
    tasks: [
      {
        title: 'Anesthesia record not receiving monitor data',
        tags: ['anesthesia record', 'monitor', 'device data', 'vitals', 'intraop'],
        steps: [
          'Check the anesthesia machine is associated with the case (**Devices** in the record toolbar).',
          'Re-associate the devices and wait one minute.',
          'Document vitals manually if data does not return, and call the desk with the OR room number.',
        ],
      },
      {
        title: 'Document case times in the intraoperative record',
        tags: ['case times', 'in room', 'incision', 'intraop', 'circulator'],
        steps: [
          'Open the **Intraop** navigator.',
          'Use the case timeline buttons (In Room, Anesthesia Start, Incision, Close, Out of Room) as each happens.',
          'Correct a time by clicking it and entering the real time with a reason.',
        ],
      },
    ],
  },
  {
    key: 'ehr.billing',
    short: 'Billing & coding',
    roles: ['revenue_cycle'],
    units: ['admin'],
    owner: 'revenue',
    words: ['charges', 'coding', 'claims', 'billing'],
    downtime: [
      'Charge capture continues on paper charge tickets.',
      'Coding work queues are paused; no claims are sent until the EHR returns.',
    ],
    tasks: [
      {
        title: 'Work a coding work queue',
        tags: ['coding', 'work queue', 'wq', 'codes', 'abstracting'],
        steps: [
          'Open **Work Queues** and the coding queue assigned to you.',
          'Open an account, review the documentation and assign codes.',
          'Complete the account; it moves to billing.',
        ],
      },
    ],
  },
  {
    key: 'ehr.ambulatory',
    short: 'Clinic scheduling',
    roles: ['registration', 'rn', ...RX],
    units: ['outpatient'],
    owner: 'ambulatory',
    words: ['clinic', 'scheduling', 'appointments', 'check-in'],
    downtime: [
      "Print tomorrow's and today's clinic schedules from the BCA workstation.",
      'Check patients in on the paper schedule; visits are documented after downtime.',
    ],
    tasks: [
      {
        title: 'Check a patient in for a clinic visit',
        tags: ['check in', 'arrive', 'clinic', 'appointment'],
        steps: [
          'Open the department schedule and select the appointment.',
          'Choose **Check In**, verify demographics and insurance, collect the copay.',
          'Print the wristband or labels if the clinic uses them; the patient shows as Arrived.',
        ],
      },
      {
        title: 'Reschedule or cancel a clinic appointment',
        tags: ['reschedule', 'cancel', 'appointment', 'clinic'],
        steps: [
          'Select the appointment and choose **Reschedule** (or **Cancel** with a reason).',
          'Search for a new slot with the same visit type and provider.',
          'Confirm; the patient is notified through their preferred channel.',
        ],
      },
    ],
  },
  {
    key: 'ehr.portal',
    short: 'Patient portal',
    roles: ['registration', 'rn', 'other'],
    owner: 'ambulatory',
    words: ['mychart', 'patient portal', 'activation code'],
    downtime: [
      'The patient portal shows a maintenance message; tell patients to call the clinic.',
      'Messages sent during the downtime arrive once the EHR returns.',
    ],
    tasks: [
      {
        title: 'Give a patient a portal activation code',
        tags: ['activation code', 'patient portal', 'sign up', 'proxy'],
        steps: [
          'Open the patient in the clinic or registration activity.',
          'Choose **Patient Portal → Generate Code**, and print or send it by text.',
          'The code expires after 30 days; patients sign up with it and their date of birth.',
        ],
      },
    ],
  },
  {
    key: 'ehr.inbasket',
    short: 'In-Basket',
    roles: [...RX, 'rn'],
    owner: 'orders',
    words: ['in basket', 'inbasket', 'messages'],
    downtime: [
      'No In-Basket messages are delivered during downtime; urgent results are phoned by the lab.',
      'Messages queued during downtime arrive once the EHR returns — check the Results folder first.',
    ],
    tasks: [
      {
        title: 'Send a staff message from the In-Basket',
        tags: ['staff message', 'send message', 'in basket', 'colleague'],
        steps: [
          'In In-Basket choose **New Msg → Staff Message**.',
          'Add recipients (people or pools) and attach the patient if it is about one.',
          'Mark it high priority only for time-sensitive matters, then **Send**.',
        ],
      },
    ],
  },
  {
    key: 'ehr.signin',
    short: 'EHR sign-in',
    roles: [],
    owner: 'iam',
    words: ['login', 'log in', 'sign in', 'department'],
    downtime: [
      'Sign-in is unavailable during a full EHR downtime; use the BCA workstation and paper procedures.',
      'After downtime, sign in again — sessions from before the downtime do not resume.',
    ],
    tasks: [
      {
        title: 'Choose or change your login department in the EHR',
        tags: ['department', 'login department', 'context', 'sign in'],
        steps: [
          'At sign-in the EHR asks for a department; pick the unit you are working on today.',
          'To change it later choose **Change Context** from the EHR menu.',
          'Order sets, printers and worklists follow the department you choose.',
        ],
      },
      {
        title: 'EHR says "You do not have access to this activity"',
        tags: ['no access', 'security', 'template', 'permission', 'activity'],
        steps: [
          'Check your login department: some activities are only available in certain departments.',
          'Sign out and in again after a role change; new rights load at sign-in.',
          'If it persists, ask your manager to request the access (the desk cannot grant it on a call).',
        ],
      },
    ],
  },
];

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Five kinds of article per module: downtime, access, first checks, and its tasks. */
export function moduleArticles(): KbDef[] {
  const out: KbDef[] = [];
  for (const m of MODULE_FACTS) {
    const base = {
      service: 'ehr',
      module: m.key,
      roles: m.roles,
      ...(m.units ? { units: m.units } : {}),
      owner: m.owner,
    };
    out.push({
      ...base,
      title: `${m.short} downtime procedure`,
      type: 'downtime',
      audience: 'portal',
      owner: 'platform',
      tags: ['downtime', ...m.words, 'paper', 'bca'],
      body: md({
        about: `What to do in ${m.short} when the EHR is down (planned or unplanned). Follow the general EHR downtime article for announcements.`,
        steps: [...m.downtime, 'Keep the paper records together for back-entry and scanning when the downtime ends.'],
        escalate:
          'If you cannot print the downtime reports, call the desk: it is treated as critical during a downtime.',
      }),
    });
    out.push({
      ...base,
      title: `Request access to ${m.short}`,
      type: 'how_to',
      audience: 'portal',
      owner: 'iam',
      tags: ['access', 'security template', 'new user', ...m.words],
      body: md({
        about: `Access to ${m.short} comes with your job role's security template. The desk cannot grant it on a call.`,
        steps: [
          'Ask your manager to submit an access request for you in the access request form, naming the role and unit.',
          'Complete any required training first: access is granted only when training is recorded.',
          'You receive a confirmation when the template is applied; sign out and in again to pick it up.',
        ],
        escalate:
          'Access needed for patient care right now (e.g. a float nurse): the charge nurse calls the desk for an urgent request.',
      }),
    });
    out.push({
      ...base,
      title: `${m.short} slow, frozen or showing an error: first checks`,
      type: 'troubleshooting',
      audience: 'agents',
      tags: ['slow', 'frozen', 'error', 'first checks', ...m.words],
      body: md({
        steps: [
          'Ask whether others on the unit have the same problem: one user or many changes everything (many = incident, scope unit or facility).',
          'Ask for the exact error text and the time; capture a screenshot if the caller can send one (no patient details in the ticket summary).',
          `Have the caller close ${m.short} and reopen it; in Citrix, disconnect and reconnect the session.`,
          'Try another workstation to separate a workstation problem from an application problem.',
          "Check the desk's known-issues list and any open major incident for the EHR before troubleshooting further.",
        ],
        escalate: `${sentence(m.short)} problems that remain after these checks go to the module's Tier 2 analysts with the error text, time and asset tag.`,
      }),
    });
    for (const task of m.tasks) {
      out.push({
        ...base,
        title: task.title,
        type: 'how_to',
        audience: 'portal',
        tags: [...task.tags, ...m.words.slice(0, 2)],
        body: md({ steps: task.steps, ...(task.note ? { note: task.note } : {}) }),
      });
    }
  }
  return out;
}

type DeviceFacts = { key: string; name: string; owner: string; tags: string[]; steps: string[]; escalate: string };

const DEVICES: DeviceFacts[] = [
  {
    key: 'dev.workstation',
    name: 'Workstation on wheels (WOW) will not power on or charge',
    owner: 'field',
    tags: ['wow', 'workstation on wheels', 'battery', 'power', 'cart'],
    steps: [
      'Plug the cart into a wall outlet and check the battery indicator.',
      'Press the cart power button, then the computer power button.',
      'If the battery does not charge, swap it with a charged spare if your unit has one.',
    ],
    escalate: 'Carts that do not charge overnight: ticket to Field Services with the asset tag.',
  },
  {
    key: 'dev.thin',
    name: 'Thin client or kiosk shows "no connection" at start-up',
    owner: 'field',
    tags: ['thin client', 'kiosk', 'no connection', 'network', 'start-up'],
    steps: [
      'Check the network cable at the back of the device and at the wall.',
      'Restart the device by holding the power button for five seconds.',
      'Try the next kiosk; if several fail, it is a network problem.',
    ],
    escalate: 'Several kiosks in one area: call the desk as a unit-wide incident.',
  },
  {
    key: 'dev.mobile',
    name: 'Clinical smartphone: apps not working or cannot call out',
    owner: 'telecom',
    tags: ['smartphone', 'mobile', 'clinical phone', 'apps', 'calls'],
    steps: [
      'Restart the phone (hold the side button, choose Restart).',
      'Check Wi-Fi is connected to the clinical network, not the guest network.',
      'Sign out of the phone app and sign in again with your badge number.',
    ],
    escalate: 'Broken screens or phones that will not charge: exchange at the telecom desk.',
  },
  {
    key: 'dev.medical',
    name: 'Infusion pump or monitor data not reaching the EHR',
    owner: 'integration',
    tags: ['medical device', 'pump', 'monitor', 'device integration', 'interface'],
    steps: [
      'Check the device is associated with the patient in the EHR (Device Association).',
      'Check the device shows a network symbol.',
      'Document manually while the integration is down and note the device ID.',
    ],
    escalate: 'Unit-wide loss of device data: incident to Integration & Interface Engineering (patient care affected).',
  },
  {
    key: 'dev.badge',
    name: 'Badge reader not working on a workstation',
    owner: 'field',
    tags: ['badge reader', 'reader', 'usb', 'tap', 'no light'],
    steps: [
      'Check the reader light; unplug and replug its USB cable.',
      'Restart the workstation.',
      'Use username and password sign-in meanwhile.',
    ],
    escalate: 'Reader still dark: ticket to Field Services with the workstation asset tag.',
  },
  {
    key: 'inf.phones',
    name: 'Desk phone has no dial tone',
    owner: 'telecom',
    tags: ['desk phone', 'dial tone', 'voice', 'handset'],
    steps: [
      "Check the network cable goes from the wall to the phone's LAN port.",
      'Unplug the phone for 10 seconds and plug it back in.',
      'Check the display shows the extension.',
    ],
    escalate: "Phones down across a unit: call the desk as an incident; use the unit's backup phone.",
  },
  {
    key: 'inf.network',
    name: 'No network on a wired workstation',
    owner: 'network',
    tags: ['network', 'wired', 'ethernet', 'no internet', 'cable'],
    steps: [
      'Check both ends of the network cable and look for a link light.',
      'Restart the workstation.',
      'Try the cable in another wall port if there is one.',
    ],
    escalate: 'Several workstations in one room: ticket to Network Engineering with the room and wall port numbers.',
  },
  {
    key: 'inf.interfaces',
    name: 'Results or orders not crossing to another system (interface delay)',
    owner: 'integration',
    tags: ['interface', 'hl7', 'results missing', 'delay', 'lab results'],
    steps: [
      'Ask which system the message was expected in and since when.',
      'Check for an open major incident on the interface engine.',
      'Collect one example (order or accession number) without patient names in the summary.',
    ],
    escalate: 'Interface delays affect many patients: incident to Integration & Interface Engineering immediately.',
  },
];

export function deviceArticles(): KbDef[] {
  return DEVICES.map((d) => ({
    title: d.name,
    type: 'troubleshooting',
    service: d.key,
    audience: d.key.startsWith('inf.') && d.key !== 'inf.phones' ? 'agents' : 'portal',
    owner: d.owner,
    tags: d.tags,
    body: md({ steps: d.steps, escalate: d.escalate }),
  }));
}
