// The signed-in person's abilities (abilities.ts), for screens and shortcuts.
import { type Abilities, abilitiesOf } from './abilities.ts';
import { useSession } from './session.ts';

export function useAbilities(): Abilities {
  return abilitiesOf(useSession()?.user.role);
}
