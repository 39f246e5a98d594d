// Call drivers: devices (printers, scanners, workstations on wheels, thin clients, badge readers, smartphones).
// Most go to field services when the agent cannot fix them remotely; in clinical areas they are at least P2.
import type { DeviceType } from '../../domain/vocabulary.ts';
import type { ResolutionCode } from '../../features/tickets/rules/vocabulary.ts';
import type { Driver } from './driver.ts';

type Text = readonly string[];
type Fixes = readonly (readonly [ResolutionCode, string])[];
const device = (
  key: string,
  service: string,
  type: DeviceType,
  weight: number,
  text: { summaries: Text; details: Text; errors?: Text },
  fixes: Fixes,
  more: Partial<Driver> = {},
): Driver => ({
  key: `dev.${key}`,
  category: 'device',
  type: 'incident',
  service,
  device: type,
  weight,
  ...text,
  fixes,
  fcr: 0.5,
  escalateTo: 'tier3',
  care: 0.6,
  workaround: 0.85,
  unitScope: 0.15,
  ...more,
});
const REPLACED = 'Field technician swapped the unit for a spare from the depot and tested it on site.';

export const DEVICE_DRIVERS: readonly Driver[] = [
  device(
    'label_printer',
    'dev.label',
    'label_printer',
    14,
    {
      summaries: ['Specimen label printer not printing on {unit}', 'Labels printing blank or misaligned ({tag})'],
      details: ['The label printer by the nurse station shows a light but nothing prints.', 'Labels come out blank.'],
      errors: ['Printer offline', 'Print job failed'],
    },
    [
      ['configuration_fixed', 'Cleared the stuck queue and recalibrated the label stock; test label printed.'],
      ['hardware_replaced', REPLACED],
    ],
    { care: 0.8, safety: 0.005 },
  ),
  device(
    'wristband',
    'dev.wristband',
    'wristband_printer',
    6,
    {
      summaries: ['Wristband printer jams — cannot print ID bands ({tag})'],
      details: ['The wristband printer keeps jamming and the bands come out crooked.'],
    },
    [
      ['configuration_fixed', 'Reloaded the band cartridge and cleaned the print head; test band printed.'],
      ['hardware_replaced', REPLACED],
    ],
    { care: 0.85, workaround: 0.8 },
  ),
  device(
    'printer',
    'dev.printer',
    'printer',
    12,
    {
      summaries: ['Unit printer offline — paper jam error ({tag})', 'Cannot print discharge instructions on {unit}'],
      details: ['The unit printer says paper jam but there is no paper stuck.', 'Discharge papers will not print.'],
      errors: ['Paper jam in tray 2', 'The printer is offline'],
    },
    [
      ['configuration_fixed', 'Re-added the printer mapping for the workstation and set the default tray.'],
      ['no_fault_found', 'Printer online and printing on arrival; jam sensor cleared.'],
      ['hardware_replaced', 'Replaced the fuser assembly; printer tested.'],
    ],
    { fcr: 0.6, care: 0.4 },
  ),
  device(
    'scanner',
    'dev.scanner',
    'scanner',
    7,
    {
      summaries: [
        'BCMA scanner will not pair with the workstation on wheels',
        'Scanner beeps but nothing reaches the EHR',
      ],
      details: ['The handheld scanner beeps but nothing shows up in the EHR.', 'The scanner lost its pairing again.'],
    },
    [
      ['configuration_fixed', 'Re-paired the scanner to its cradle by scanning the pairing barcode; scans now land.'],
      ['hardware_replaced', REPLACED],
    ],
    { care: 0.85, workaround: 0.7, safety: 0.01 },
  ),
  device(
    'scanner_charge',
    'dev.scanner',
    'scanner',
    3,
    { summaries: ['Scanner cradle not charging ({tag})'], details: ['The scanner battery is dead every shift.'] },
    [
      ['configuration_fixed', 'Cradle was on a switched outlet; moved it to an always-on outlet.'],
      ['hardware_replaced', 'Replaced the charging cradle and battery; charge holds.'],
    ],
    { care: 0.5, fcr: 0.3 },
  ),
  device(
    'wow_battery',
    'dev.workstation',
    'workstation_on_wheels',
    6,
    {
      summaries: ['Workstation on wheels battery not holding charge ({tag})'],
      details: ['The WOW dies after half an hour even after charging all night.'],
    },
    [['hardware_replaced', 'Replaced the cart battery; charge holds.']],
    { fcr: 0.05, resolvable: false },
  ),
  device(
    'wow_peripherals',
    'dev.workstation',
    'workstation_on_wheels',
    4,
    {
      summaries: ['WOW keyboard and mouse not working ({tag})'],
      details: ['The keyboard on the cart stopped typing and the mouse is frozen.'],
    },
    [
      ['configuration_fixed', 'Reseated the USB hub on the cart; keyboard and mouse work.'],
      ['hardware_replaced', 'Replaced the keyboard and mouse; tested.'],
    ],
    { fcr: 0.55 },
  ),
  device(
    'workstation',
    'dev.workstation',
    'workstation',
    8,
    {
      summaries: ['Nurse station workstation frozen on a blue screen ({tag})', 'Workstation will not boot on {unit}'],
      details: ['The computer at the desk is stuck on a blue screen.', 'The computer will not turn on.'],
    },
    [
      ['software_fixed', 'Remote restart and pending updates completed; workstation back in service.'],
      ['hardware_replaced', REPLACED],
    ],
    { fcr: 0.45 },
  ),
  device(
    'thin_client',
    'dev.thin',
    'thin_client',
    7,
    {
      summaries: ["Thin client in {room} shows 'No connection to server'", 'Triage kiosk stuck on loading screen'],
      details: ['The computer in the room says it cannot reach the server.'],
      errors: ['No connection to server. Contact your administrator.'],
    },
    [
      ['configuration_fixed', 'Re-imaged the thin client remotely; it connects again.'],
      ['hardware_replaced', REPLACED],
    ],
    { fcr: 0.5 },
  ),
  device(
    'badge_reader',
    'dev.badge',
    'badge_reader',
    5,
    {
      summaries: ['Badge reader not lighting up on {tag}'],
      details: ['The badge reader on this workstation is dark; nobody can tap in.'],
    },
    [
      ['hardware_replaced', 'Replaced the badge reader; tap-in tested.'],
      ['configuration_fixed', 'Reader had come unplugged from the hub; reconnected.'],
    ],
    { fcr: 0.4, care: 0.5 },
  ),
  device(
    'smartphone',
    'dev.mobile',
    'mobile',
    5,
    {
      summaries: ['Clinical smartphone not receiving secure messages', 'Shared unit phone stuck on start-up'],
      details: ['The unit phone stopped getting secure chat messages and alerts.'],
    },
    [
      ['configuration_fixed', 'Re-enrolled the phone in device management; messages arrive.'],
      ['hardware_replaced', 'Swapped the phone for a spare from the charging bank.'],
    ],
    { escalateTo: 'tier3', care: 0.7 },
  ),
];
