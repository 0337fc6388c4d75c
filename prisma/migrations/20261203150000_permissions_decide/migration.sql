-- Guards name a permission and never a role (docs/decisions/013-route-policy-and-action-pipeline.md).
-- A psychologist's "own" records are their caseload and calendar, not a patient's own bookings:
-- they get permissions of their own, so a patient's pages are closed to them by data.
-- Billing settings, Halaxy settings and drift decisions stop borrowing the invoice and sync permissions.
INSERT INTO "Permission" ("id", "action", "entity", "access", "description") VALUES
  ('perm_read_caseload_own', 'read', 'caseload', 'own', 'See the patients they care for'),
  ('perm_update_caseload_own', 'update', 'caseload', 'own', 'Change details of the patients they care for'),
  ('perm_read_calendar_own', 'read', 'calendar', 'own', 'See their own calendar and sessions'),
  ('perm_update_calendar_own', 'update', 'calendar', 'own', 'Change their hours, time off and sessions'),
  ('perm_read_earnings_own', 'read', 'earnings', 'own', 'See the invoices for their own sessions'),
  ('perm_read_billing_settings_any', 'read', 'billing-settings', 'any', 'See practice details, Medicare items and fees'),
  ('perm_update_billing_settings_any', 'update', 'billing-settings', 'any', 'Change practice details, Medicare items and fees'),
  ('perm_read_halaxy_settings_any', 'read', 'halaxy-settings', 'any', 'See the Halaxy connection settings'),
  ('perm_update_halaxy_settings_any', 'update', 'halaxy-settings', 'any', 'Change the Halaxy connection settings'),
  ('perm_update_drift_any', 'update', 'drift', 'any', 'Decide between Haven and Halaxy when they disagree');

INSERT INTO "RolePermission" ("roleId", "permissionId") VALUES
  ('role_psychologist', 'perm_read_caseload_own'),
  ('role_psychologist', 'perm_update_caseload_own'),
  ('role_psychologist', 'perm_read_calendar_own'),
  ('role_psychologist', 'perm_update_calendar_own'),
  ('role_psychologist', 'perm_read_earnings_own'),
  ('role_manager', 'perm_read_billing_settings_any'),
  ('role_manager', 'perm_update_billing_settings_any'),
  ('role_manager', 'perm_read_halaxy_settings_any'),
  ('role_manager', 'perm_update_halaxy_settings_any'),
  ('role_manager', 'perm_update_drift_any');

-- The patient-side permissions psychologists held only because there was nothing else to give.
DELETE FROM "RolePermission"
WHERE "roleId" = 'role_psychologist'
  AND "permissionId" IN (
    'perm_read_patient_own',
    'perm_update_patient_own',
    'perm_create_appointment_own',
    'perm_read_appointment_own',
    'perm_update_appointment_own',
    'perm_read_invoice_own'
  );
