// Identifiers: UUID v7 (time-ordered, index-friendly) for every primary key.
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
