// Call drivers: infrastructure and other applications (Wi-Fi, communicators, desk phones, virtual desktop, PACS,
// email, dictation, remote access).
import type { ResolutionCode } from '../../features/tickets/rules/vocabulary.ts';
import type { Driver, RoleGroup } from './driver.ts';

type Text = readonly string[];
type Fixes = readonly (readonly [ResolutionCode, string])[];
const infra = (
  key: string,
  service: string,
  who: readonly RoleGroup[] | undefined,
  weight: number,
  text: { summaries: Text; details: Text; errors?: Text },
  fixes: Fixes,
  more: Partial<Driver> = {},
): Driver => ({
  key: `inf.${key}`,
  category: 'infra',
  type: 'incident',
  service,
  ...(who ? { who } : {}),
  weight,
  ...text,
  fixes,
  fcr: 0.55,
  escalateTo: 'tier3',
  care: 0.4,
  workaround: 0.8,
  unitScope: 0.15,
  ...more,
});
export const INFRA_DRIVERS: readonly Driver[] = [
  infra(
    'wifi',
    'inf.wifi',
    ['rn', 'md', 'tech', 'pharm'],
    10,
    {
      summaries: ['Wi-Fi drops on workstations on wheels near {room}', 'Wireless dead zone on {unit}'],
      details: ['Carts lose the connection every time we go past the end rooms.'],
    },
    [['configuration_fixed', 'Access point had failed; network engineering replaced it and coverage is back.']],
    { fcr: 0.1, unitScope: 0.6, care: 0.7 },
  ),
  infra(
    'communicator',
    'inf.comms',
    ['rn', 'tech', 'clerk'],
    8,
    {
      summaries: ['Hands-free communicator will not log in', 'Communicator not receiving calls on {unit}'],
      details: ['My communicator badge says not registered and I cannot get calls.'],
    },
    [
      ['configuration_fixed', 'Reassigned the device to the user in the communications server.'],
      ['software_fixed', 'Server-side group for the unit was missing; telecom restored it.'],
    ],
    { fcr: 0.6, care: 0.7 },
  ),
  infra(
    'desk_phone',
    'inf.phones',
    undefined,
    6,
    { summaries: ['No dial tone on desk phone at {room}'], details: ['The desk phone has no dial tone.'] },
    [['configuration_fixed', 'Port was disabled after a move; telecom re-enabled it.']],
    { fcr: 0.2, care: 0.3 },
  ),
  infra(
    'vdi',
    'vdi',
    undefined,
    10,
    {
      summaries: ['Virtual desktop session frozen — cannot reconnect', 'Virtual desktop disconnects every few minutes'],
      details: ['My virtual desktop froze and when I reconnect it hangs on the same screen.'],
      errors: ['The remote session was disconnected.'],
    },
    [
      ['workaround_given', 'Logged off the hung session from the console; caller reconnected to a fresh session.'],
      ['software_fixed', 'Server in the pool was unhealthy; engineering drained and rebooted it.'],
    ],
    { fcr: 0.8, care: 0.5 },
  ),
  infra(
    'pacs',
    'pacs',
    ['md', 'tech'],
    6,
    {
      summaries: ['Images not loading in the PACS viewer', 'Prior studies not displaying in PACS'],
      details: ['The images open to a black screen with a spinning wheel.'],
    },
    [
      ['workaround_given', 'Cleared the viewer cache and relaunched from the EHR; images load.'],
      ['software_fixed', 'Imaging archive was slow after maintenance; PACS team restarted the service.'],
    ],
    { escalateTo: 'tier2', fcr: 0.5, care: 0.7 },
  ),
  infra(
    'email',
    'email',
    undefined,
    8,
    {
      summaries: ['Shared mailbox not showing in email', 'Email not syncing on phone'],
      details: [
        'The department shared mailbox disappeared from my mail.',
        'My work email stopped updating on my phone.',
      ],
    },
    [['configuration_fixed', 'Re-added the shared mailbox; sync restored after re-adding the account on the phone.']],
    { fcr: 0.75, care: 0, workaround: 1, escalateTo: 'tier2' },
  ),
  infra(
    'dictation',
    'dictation',
    ['md'],
    5,
    {
      summaries: ['Dictation microphone not recognised', 'Speech recognition not inserting text into the note'],
      details: [
        'My dictation microphone is not detected in the virtual desktop.',
        'When I dictate, nothing appears in the note.',
      ],
    },
    [['configuration_fixed', 'Enabled USB redirection for the microphone and re-selected it in the dictation app.']],
    { fcr: 0.65, care: 0.2, escalateTo: 'tier2' },
  ),
  infra(
    'vpn',
    'inf.vpn',
    ['md', 'rev', 'other', 'pharm'],
    5,
    {
      summaries: ['Cannot connect to remote access from home'],
      details: ['The remote access client says my credentials are rejected.'],
    },
    [['configuration_fixed', 'Added the user to the remote-access group and confirmed MFA prompt.']],
    { fcr: 0.7, care: 0, workaround: 1 },
  ),
];
