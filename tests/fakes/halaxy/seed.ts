// Halaxy's own lists (clinics, practitioners at clinics, appointment types, fees) as the stand-in
// serves them. Tests and the dev runner may pass their own instead.
import {
  MBS_ITEM_SYSTEM,
  type FhirChargeItemDefinition,
  type FhirHealthcareService,
  type FhirOrganization,
  type FhirPractitionerRole,
} from '../../../app/domain/halaxy/fhir.ts'

export type HalaxySeed = {
  organizations: FhirOrganization[]
  practitionerRoles: FhirPractitionerRole[]
  healthcareServices: FhirHealthcareService[]
  chargeItemDefinitions: FhirChargeItemDefinition[]
}

const clinic = 'Organization/CL-1001'

function role(id: string, name: string, title: string): FhirPractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    active: true,
    practitioner: { reference: `Practitioner/${id.replace('PR-', 'PRAC-')}`, display: name },
    organization: { reference: clinic, display: 'Haven Psychology Fitzroy' },
    code: [{ text: title }],
  }
}

function service(id: string, name: string): FhirHealthcareService {
  return { resourceType: 'HealthcareService', id, active: true, name, providedBy: { reference: clinic } }
}

function fee(id: string, item: string, title: string, dollars: number): FhirChargeItemDefinition {
  return {
    resourceType: 'ChargeItemDefinition',
    id,
    status: 'active',
    title,
    code: { coding: [{ system: MBS_ITEM_SYSTEM, code: item }], text: `MBS ${item}` },
    propertyGroup: [{ priceComponent: [{ type: 'base', amount: { value: dollars, currency: 'AUD' } }] }],
  }
}

export function defaultSeed(): HalaxySeed {
  return {
    organizations: [
      {
        resourceType: 'Organization',
        id: 'CL-1001',
        active: true,
        name: 'Haven Psychology Fitzroy',
        address: [
          { line: ['12 Brunswick St'], city: 'Fitzroy', state: 'VIC', postalCode: '3065', country: 'AU' },
        ],
      },
    ],
    practitionerRoles: [
      role('PR-2001', 'Dr Maya Chen', 'Clinical psychologist'),
      role('PR-2002', 'Sam Patel', 'Registered psychologist'),
      role('PR-2003', 'Dr Olivia Nguyen', 'Clinical psychologist'),
    ],
    healthcareServices: [
      service('HS-3001', 'Initial consultation (50 min)'),
      service('HS-3002', 'Standard session (50 min)'),
      service('HS-3003', 'Telehealth session (50 min)'),
    ],
    chargeItemDefinitions: [
      fee('CID-4001', '80010', 'Clinical psychologist, 50+ minutes', 260),
      fee('CID-4002', '80110', 'Registered psychologist, 50+ minutes', 200),
      fee('CID-4003', '80000', 'Clinical psychologist, 30-50 minutes', 190),
    ],
  }
}
