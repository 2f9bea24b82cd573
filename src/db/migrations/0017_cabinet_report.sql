ALTER TYPE "public"."report_kind" ADD VALUE 'cabinet';--> statement-breakpoint
-- hand-written: reports saved before the cover sheet held the reasons for the recommendations, the
-- strategic director's agreement and the cabinet member's approval get them empty, so every
-- report's sections have the same fields.
UPDATE "reports" SET "sections" = '{"reasons": "", "directorAgreedOn": null, "cabinetMemberApproval": "", "cabinetMemberApprovedOn": null}'::jsonb || "sections";
