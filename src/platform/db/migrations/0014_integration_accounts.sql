-- Integration accounts (the phone system) say what they are for; admins see it beside their API tokens.
ALTER TABLE "users" ADD COLUMN "purpose" text;
