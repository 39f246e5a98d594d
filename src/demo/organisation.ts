// The demo health system: St. Mary's Health, three facilities, their units (with headcount and specialties for
// the people generator), rooms and nurse stations, and the assets on each unit (workstations, WOWs, printers…).
import type { UnitKind as AnyUnitKind, DeviceType } from '../domain/vocabulary.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';

/** A care or administrative unit: every kind but the desk's own support units. */
export type UnitKind = Exclude<AnyUnitKind, 'support'>;
export type UnitKindOrSupport = AnyUnitKind;

type UnitDef = {
  code: string;
  name: string;
  kind: UnitKindOrSupport;
  /** Rooms (or bays, exam rooms) and the first room number. */
  rooms?: [count: number, first: number, label: string];
  /** Relative headcount. */
  staff: number;
  specialties?: string[];
  /** Which people work here: 'registration', 'billing', 'him', 'rt' or (default) by kind. */
  workforce?: 'registration' | 'billing' | 'him' | 'rt' | 'it';
};

type FacilityDef = { code: string; name: string; timeZone: string; areaCode: string; share: number; units: UnitDef[] };

const u = (code: string, name: string, kind: UnitKindOrSupport, staff: number, more: Partial<UnitDef> = {}) => ({
  code,
  name,
  kind,
  staff,
  ...more,
});
const HOSPITALIST = ['Hospital Medicine', 'Internal Medicine'];

export const SYSTEM_NAME = "St. Mary's Health";
export const EMAIL_DOMAIN = 'stmarys.example';

export const FACILITY_DEFS: readonly FacilityDef[] = [
  {
    code: 'SMMC',
    name: "St. Mary's Medical Center",
    timeZone: 'America/Chicago',
    areaCode: '312',
    share: 0.6,
    units: [
      u('ED', 'Emergency Department', 'ed', 120, { rooms: [32, 1, 'ED Room'], specialties: ['Emergency Medicine'] }),
      u('MICU', 'Medical ICU', 'icu', 60, { rooms: [16, 201, 'Room'], specialties: ['Critical Care', 'Pulmonology'] }),
      u('SICU', 'Surgical ICU', 'icu', 55, { rooms: [16, 221, 'Room'], specialties: ['Critical Care', 'Surgery'] }),
      u('CVICU', 'Cardiovascular ICU', 'icu', 45, {
        rooms: [12, 241, 'Room'],
        specialties: ['Cardiothoracic Surgery'],
      }),
      u('4W', '4 West Medical-Surgical', 'inpatient', 70, { rooms: [32, 401, 'Room'], specialties: HOSPITALIST }),
      u('4E', '4 East Medical-Surgical', 'inpatient', 70, { rooms: [32, 431, 'Room'], specialties: HOSPITALIST }),
      u('5W', '5 West Orthopedics & Neuro', 'inpatient', 60, {
        rooms: [28, 501, 'Room'],
        specialties: ['Orthopaedic Surgery', 'Neurology'],
      }),
      u('6N', '6 North Cardiac Telemetry', 'inpatient', 65, { rooms: [30, 601, 'Room'], specialties: ['Cardiology'] }),
      u('7S', '7 South Oncology', 'inpatient', 55, {
        rooms: [24, 701, 'Room'],
        specialties: ['Oncology', 'Hematology'],
      }),
      u('LD', 'Labor & Delivery', 'inpatient', 50, { rooms: [14, 1, 'LDR'], specialties: ['Obstetrics & Gynecology'] }),
      u('MBU', 'Mother-Baby Unit', 'inpatient', 45, {
        rooms: [24, 301, 'Room'],
        specialties: ['Obstetrics & Gynecology'],
      }),
      u('NICU', 'Neonatal ICU', 'icu', 50, { rooms: [20, 1, 'Bed'], specialties: ['Neonatology'] }),
      u('PEDS', 'Pediatrics', 'inpatient', 40, { rooms: [18, 321, 'Room'], specialties: ['Pediatrics'] }),
      u('OR', 'Main Operating Rooms', 'or', 80, {
        rooms: [16, 1, 'OR'],
        specialties: ['General Surgery', 'Orthopaedic Surgery', 'Anesthesiology', 'Urology', 'Neurosurgery'],
      }),
      u('PACU', 'Post-Anesthesia Care Unit', 'or', 35, { rooms: [20, 1, 'Bay'], specialties: ['Anesthesiology'] }),
      u('RX', 'Inpatient Pharmacy', 'pharmacy', 45),
      u('LAB', 'Core Laboratory', 'lab', 55, { specialties: ['Pathology'] }),
      u('RAD', 'Diagnostic Imaging', 'radiology', 55, { specialties: ['Radiology'] }),
      u('RT', 'Respiratory Therapy', 'support', 30, { workforce: 'rt' }),
      u('REG', 'Patient Access & Registration', 'admin', 45, { workforce: 'registration' }),
      u('CBO', 'Central Billing Office', 'admin', 60, { workforce: 'billing' }),
      u('HIM', 'Health Information Management', 'admin', 25, { workforce: 'him' }),
      u('ISD', 'Information Services — Service Desk', 'admin', 0, { workforce: 'it' }),
    ],
  },
  {
    code: 'SMLH',
    name: "St. Mary's Lakeshore Hospital",
    timeZone: 'America/Chicago',
    areaCode: '708',
    share: 0.28,
    units: [
      u('ED', 'Emergency Department', 'ed', 60, { rooms: [18, 1, 'ED Room'], specialties: ['Emergency Medicine'] }),
      u('ICU', 'Intensive Care Unit', 'icu', 40, { rooms: [12, 101, 'Room'], specialties: ['Critical Care'] }),
      u('2M', '2 Main Medical-Surgical', 'inpatient', 55, { rooms: [28, 201, 'Room'], specialties: HOSPITALIST }),
      u('3M', '3 Main Telemetry', 'inpatient', 50, {
        rooms: [26, 301, 'Room'],
        specialties: ['Cardiology', ...HOSPITALIST],
      }),
      u('FBC', 'Family Birth Center', 'inpatient', 40, {
        rooms: [16, 1, 'LDR'],
        specialties: ['Obstetrics & Gynecology'],
      }),
      u('REH', 'Inpatient Rehabilitation', 'inpatient', 30, {
        rooms: [20, 401, 'Room'],
        specialties: ['Physical Medicine & Rehabilitation'],
      }),
      u('SURG', 'Surgical Services (OR & PACU)', 'or', 45, {
        rooms: [8, 1, 'OR'],
        specialties: ['General Surgery', 'Anesthesiology', 'Orthopaedic Surgery'],
      }),
      u('RX', 'Pharmacy', 'pharmacy', 20),
      u('LAB', 'Laboratory', 'lab', 25, { specialties: ['Pathology'] }),
      u('IMG', 'Imaging', 'radiology', 25, { specialties: ['Radiology'] }),
      u('REG', 'Patient Access', 'admin', 25, { workforce: 'registration' }),
    ],
  },
  {
    code: 'SMHC',
    name: "St. Mary's Harbor Health Center",
    timeZone: 'America/Detroit',
    areaCode: '269',
    share: 0.12,
    units: [
      u('FM', 'Family Medicine Clinic', 'outpatient', 35, { rooms: [14, 1, 'Exam'], specialties: ['Family Medicine'] }),
      u('IM', 'Internal Medicine Clinic', 'outpatient', 30, {
        rooms: [12, 1, 'Exam'],
        specialties: ['Internal Medicine'],
      }),
      u('CARD', 'Cardiology Clinic', 'outpatient', 20, { rooms: [8, 1, 'Exam'], specialties: ['Cardiology'] }),
      u('WH', "Women's Health Clinic", 'outpatient', 22, {
        rooms: [8, 1, 'Exam'],
        specialties: ['Obstetrics & Gynecology'],
      }),
      u('PEDC', 'Pediatrics Clinic', 'outpatient', 20, { rooms: [8, 1, 'Exam'], specialties: ['Pediatrics'] }),
      u('UC', 'Urgent Care', 'outpatient', 28, {
        rooms: [10, 1, 'Exam'],
        specialties: ['Emergency Medicine', 'Family Medicine'],
      }),
      u('LABX', 'Outpatient Lab & Imaging', 'lab', 18, { specialties: ['Radiology'] }),
      u('FD', 'Front Desk & Scheduling', 'admin', 25, { workforce: 'registration' }),
    ],
  },
];

export type Facility = { id: string; code: string; name: string; timeZone: string; areaCode: string; share: number };
export type Unit = {
  id: string;
  facility: Facility;
  code: string;
  name: string;
  kind: UnitKindOrSupport;
  clinical: boolean;
  staff: number;
  specialties: string[];
  workforce: UnitDef['workforce'];
  locations: Location[];
  assets: Asset[];
};
export type Location = { id: string; unitId: string; name: string; kind: string };
export type Asset = {
  id: string;
  tag: string;
  deviceType: DeviceType;
  unitId: string;
  locationId: string | null;
  description: string;
};
export type Organisation = { facilities: Facility[]; units: Unit[] };

const TAG_CODES: Record<DeviceType, string> = {
  workstation: 'WS',
  workstation_on_wheels: 'WOW',
  shared_kiosk: 'KSK',
  thin_client: 'TC',
  mobile: 'MOB',
  scanner: 'SCN',
  label_printer: 'LBL',
  wristband_printer: 'WRB',
  printer: 'PRN',
  badge_reader: 'BDG',
  medical_device: 'MED',
  other: 'OTH',
};

export function buildOrganisation(rng: Rng, createdMs: number, assetsFor: (u: Unit) => AssetPlan[]): Organisation {
  const facilities: Facility[] = [];
  const units: Unit[] = [];
  let tagNumber = 10_000;
  for (const fd of FACILITY_DEFS) {
    const facility: Facility = { id: uuidAt(rng, createdMs), ...fd };
    facilities.push(facility);
    for (const ud of fd.units) {
      const unit: Unit = {
        id: uuidAt(rng, createdMs),
        facility,
        code: ud.code,
        name: ud.name,
        kind: ud.kind,
        clinical: !['admin'].includes(ud.kind),
        staff: ud.staff,
        specialties: ud.specialties ?? [],
        workforce: ud.workforce,
        locations: [],
        assets: [],
      };
      const place = (name: string, kind: string) => {
        const loc = { id: uuidAt(rng, createdMs), unitId: unit.id, name, kind };
        unit.locations.push(loc);
        return loc;
      };
      if (ud.rooms) {
        const [count, first, label] = ud.rooms;
        place(ud.kind === 'outpatient' ? 'Clinic workroom' : 'Nurse station', 'nurse_station');
        if (ud.kind !== 'outpatient') place('Medication room', 'med_room');
        for (let i = 0; i < count; i++) {
          const n = first + i;
          place(`${label} ${first < 100 ? String(n).padStart(2, '0') : n}`, 'room');
        }
      } else {
        place(ud.workforce === 'registration' ? 'Registration desk' : 'Work area', 'desk');
      }
      for (const plan of assetsFor(unit)) {
        for (let i = 0; i < plan.count; i++) {
          const loc = plan.where === 'station' ? unit.locations[0]! : plan.where === 'rooms' ? roomAt(unit, i) : null;
          unit.assets.push({
            id: uuidAt(rng, createdMs),
            tag: `${facility.code}-${TAG_CODES[plan.type]}-${tagNumber++}`,
            deviceType: plan.type,
            unitId: unit.id,
            locationId: loc?.id ?? null,
            description: `${plan.description}, ${unit.name}${loc ? ` (${loc.name})` : ''}`,
          });
        }
      }
      units.push(unit);
    }
  }
  return { facilities, units };
}

function roomAt(unit: Unit, i: number): Location | null {
  const rooms = unit.locations.filter((l) => l.kind === 'room');
  return rooms.length ? rooms[i % rooms.length]! : (unit.locations[0] ?? null);
}

export type AssetPlan = { type: DeviceType; count: number; where: 'station' | 'rooms' | 'none'; description: string };
