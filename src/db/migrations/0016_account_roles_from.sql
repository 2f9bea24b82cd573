ALTER TABLE "users" ADD COLUMN "roles_from" text DEFAULT 'administrator' NOT NULL;--> statement-breakpoint
-- hand-written: accounts that sign in with the identity provider took their roles from its groups at their last sign-in.
UPDATE "users" SET "roles_from" = 'identity_provider' WHERE "oidc_issuer" IS NOT NULL;
