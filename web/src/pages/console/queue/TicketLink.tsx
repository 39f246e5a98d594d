// A ticket's number in the queue (table row or card): opens the ticket, and focusing it selects the row.
import { Link } from '@tanstack/react-router';
import classes from './QueueTable.module.css';

export function TicketLink({ number, onFocus }: { number: string; onFocus: () => void }) {
  return (
    <Link
      to="/console/tickets/$number"
      params={{ number }}
      className={classes.number}
      data-ticket-link={number}
      onFocus={onFocus}
    >
      {number}
    </Link>
  );
}
