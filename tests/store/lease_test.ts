import { registerCases, sqliteBackend } from "./_backends.ts";
import { leaseCases } from "./_lease_cases.ts";

registerCases(sqliteBackend, leaseCases);
