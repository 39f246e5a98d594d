// What equipment each kind of unit has: fixed workstations at the nurse station, workstations on wheels with BCMA
// scanners, thin clients in rooms, label and wristband printers, badge readers on every shared device.
import type { AssetPlan, Unit } from './organisation.ts';

const plan = (type: AssetPlan['type'], count: number, where: AssetPlan['where'], description: string): AssetPlan => ({
  type,
  count,
  where,
  description,
});

export function assetsFor(unit: Unit): AssetPlan[] {
  const rooms = unit.locations.filter((l) => l.kind === 'room').length;
  switch (unit.kind) {
    case 'inpatient':
    case 'icu': {
      const wows = Math.max(3, Math.ceil(rooms / 4));
      const thin = Math.ceil(rooms / 2);
      return [
        plan('workstation', 4, 'station', 'Nurse station workstation'),
        plan('workstation_on_wheels', wows, 'none', 'Workstation on wheels'),
        plan('scanner', wows + 2, 'none', 'BCMA barcode scanner'),
        plan('thin_client', thin, 'rooms', 'In-room thin client'),
        plan('badge_reader', 4 + thin, 'station', 'Badge-tap reader'),
        plan('label_printer', 2, 'station', 'Specimen label printer'),
        plan('printer', 1, 'station', 'Unit laser printer'),
        plan('mobile', 4, 'none', 'Shared clinical smartphone'),
        ...(unit.kind === 'icu' ? [plan('medical_device', 4, 'rooms', 'Bedside monitor (device integration)')] : []),
        ...(unit.code === 'LD' || unit.code === 'FBC' || unit.code === 'MBU'
          ? [plan('wristband_printer', 1, 'station', 'Wristband printer')]
          : []),
      ];
    }
    case 'ed':
      return [
        plan('workstation', 8, 'station', 'ED workstation'),
        plan('workstation_on_wheels', 8, 'none', 'Workstation on wheels'),
        plan('scanner', 10, 'none', 'BCMA barcode scanner'),
        plan('thin_client', Math.ceil(rooms / 2), 'rooms', 'In-room thin client'),
        plan('shared_kiosk', 2, 'station', 'Triage kiosk'),
        plan('badge_reader', 10 + Math.ceil(rooms / 2), 'station', 'Badge-tap reader'),
        plan('wristband_printer', 2, 'station', 'Wristband printer'),
        plan('label_printer', 3, 'station', 'Specimen label printer'),
        plan('printer', 2, 'station', 'Laser printer'),
        plan('mobile', 6, 'none', 'Shared clinical smartphone'),
      ];
    case 'or':
      return [
        plan('workstation', rooms, 'rooms', 'Anesthesia workstation'),
        plan('thin_client', 4, 'station', 'Charge desk thin client'),
        plan('badge_reader', rooms + 4, 'rooms', 'Badge-tap reader'),
        plan('label_printer', 2, 'station', 'Specimen label printer'),
        plan('printer', 1, 'station', 'Laser printer'),
        plan('medical_device', Math.ceil(rooms / 2), 'rooms', 'Anesthesia machine (device integration)'),
      ];
    case 'outpatient':
      return [
        plan('thin_client', rooms, 'rooms', 'Exam room thin client'),
        plan('workstation', 3, 'station', 'Clinic workstation'),
        plan('badge_reader', rooms + 3, 'rooms', 'Badge-tap reader'),
        plan('printer', 2, 'station', 'Clinic printer'),
        plan('label_printer', 1, 'station', 'Specimen label printer'),
        plan('scanner', 2, 'station', 'Document scanner'),
      ];
    case 'pharmacy':
      return [
        plan('workstation', 8, 'station', 'Pharmacist verification workstation'),
        plan('label_printer', 4, 'station', 'Pharmacy label printer'),
        plan('scanner', 4, 'station', 'Barcode scanner'),
        plan('printer', 2, 'station', 'Laser printer'),
      ];
    case 'lab':
      return [
        plan('workstation', 8, 'station', 'Lab workstation'),
        plan('label_printer', 4, 'station', 'Specimen label printer'),
        plan('scanner', 6, 'station', 'Specimen barcode scanner'),
        plan('printer', 1, 'station', 'Laser printer'),
      ];
    case 'radiology':
      return [
        plan('workstation', 10, 'station', 'Technologist workstation'),
        plan('workstation', 4, 'station', 'Radiologist reading station'),
        plan('printer', 1, 'station', 'Laser printer'),
        plan('badge_reader', 6, 'station', 'Badge-tap reader'),
      ];
    case 'admin':
      if (unit.workforce === 'registration') {
        return [
          plan('workstation', 6, 'station', 'Registration workstation'),
          plan('wristband_printer', 3, 'station', 'Wristband printer'),
          plan('scanner', 3, 'station', 'ID and insurance card scanner'),
          plan('printer', 2, 'station', 'Laser printer'),
          plan('shared_kiosk', 2, 'station', 'Self check-in kiosk'),
        ];
      }
      return [
        plan('workstation', unit.workforce === 'it' ? 12 : 10, 'station', 'Office workstation'),
        plan('printer', 2, 'station', 'Laser printer'),
      ];
    case 'support':
      return [
        plan('workstation', 3, 'station', 'Department workstation'),
        plan('mobile', 6, 'none', 'Shared clinical smartphone'),
      ];
  }
}
