// Labels for the knowledge screens.
import { ARTICLE_TYPE_LABELS } from '../../../../src/features/knowledge/rules/vocabulary.ts';

export { ARTICLE_TYPE_LABELS };
export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  retired: 'Retired',
};
export const STATUS_COLORS: Record<string, string> = {
  draft: 'gray',
  in_review: 'yellow',
  published: 'green',
  retired: 'dark',
};
export const ACTION_LABELS: Record<string, string> = {
  submit: 'Submit for review',
  approve: 'Approve and publish',
  reject: 'Send back',
  retire: 'Retire',
  revise: 'Revise (draft copy)',
  restore: 'Restore as draft',
};
export const ROLE_CHOICES = [
  { value: 'attending', label: 'Attending physician' },
  { value: 'resident', label: 'Resident' },
  { value: 'app', label: 'APP (NP/PA)' },
  { value: 'rn', label: 'Nurse' },
  { value: 'pharmacist', label: 'Pharmacist' },
  { value: 'tech', label: 'Technician / CNA' },
  { value: 'unit_clerk', label: 'Unit clerk' },
  { value: 'registration', label: 'Registration' },
  { value: 'revenue_cycle', label: 'Revenue cycle' },
  { value: 'it', label: 'IT' },
  { value: 'other', label: 'Other' },
];
export const TYPE_CHOICES = Object.entries(ARTICLE_TYPE_LABELS).map(([value, label]) => ({ value, label }));
export const UNIT_KIND_CHOICES = [
  { value: 'inpatient', label: 'Inpatient ward' },
  { value: 'icu', label: 'ICU' },
  { value: 'ed', label: 'Emergency department' },
  { value: 'or', label: 'Operating room' },
  { value: 'outpatient', label: 'Clinic' },
  { value: 'pharmacy', label: 'Pharmacy' },
  { value: 'lab', label: 'Laboratory' },
  { value: 'radiology', label: 'Radiology' },
  { value: 'admin', label: 'Administration' },
  { value: 'support', label: 'Support services' },
];
