// What other features read of the phone channel, in one published module (docs/architecture.md): the call that
// opened a ticket (first-contact resolution on the ticket page) and a contact by the phone system's call id
// (satisfaction surveys answered on the phone); the number of the latest call on a ticket (caller verification).
export { callerNumberOfTicket, findContactOfCall } from '../store.ts';
