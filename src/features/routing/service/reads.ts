// What other features read of the phone channel, in one published module (docs/architecture.md): the call that
// opened a ticket (first-contact resolution on the ticket page) and a contact by the phone system's call id
// (satisfaction surveys answered on the phone).
export { findContactOfCall, openingContactOf } from '../store.ts';
