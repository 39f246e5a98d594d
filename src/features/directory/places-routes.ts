// HTTP for places: facilities, units, locations and assets. Desk staff read; administrators change.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import * as service from './places-service.ts';
import {
  assetBody,
  assetPatch,
  assetQuery,
  assetView,
  facilityBody,
  facilityPatch,
  facilityQuery,
  facilityView,
  locationBody,
  locationPatch,
  locationQuery,
  locationView,
  pageOf,
  unitBody,
  unitPatch,
  unitQuery,
  unitView,
} from './schemas.ts';

export const READ = { access: 'directory:read' } as const;
export const MANAGE = { access: 'directory:manage' } as const;
export const READ_PROBLEMS = problemResponses(400, 401, 403);
export const CREATE_PROBLEMS = problemResponses(400, 401, 403, 409);
export const UPDATE_PROBLEMS = problemResponses(400, 401, 403, 404, 409);

export function placesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    const tags = ['facilities'];
    r.get(
      '/api/v1/facilities',
      {
        config: READ,
        schema: {
          tags,
          summary: 'Facilities, by name',
          querystring: facilityQuery,
          response: { 200: pageOf(facilityView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listFacilities(ctx, request.query),
    );
    r.post(
      '/api/v1/facilities',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add a facility with its IANA time zone',
          body: facilityBody,
          response: { 201: facilityView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createFacility(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/facilities/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Change a facility',
          params: uuidParam,
          body: facilityPatch,
          response: { 200: facilityView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateFacility(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/units',
      {
        config: READ,
        schema: {
          tags: ['units'],
          summary: 'Units, by name; filter by facility or kind',
          querystring: unitQuery,
          response: { 200: pageOf(unitView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listUnits(ctx, request.query),
    );
    r.post(
      '/api/v1/units',
      {
        config: MANAGE,
        schema: {
          tags: ['units'],
          summary: 'Add a unit to a facility',
          body: unitBody,
          response: { 201: unitView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createUnit(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/units/:id',
      {
        config: MANAGE,
        schema: {
          tags: ['units'],
          summary: 'Change a unit',
          params: uuidParam,
          body: unitPatch,
          response: { 200: unitView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateUnit(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/locations',
      {
        config: READ,
        schema: {
          tags: ['locations'],
          summary: 'Rooms, beds and areas, by name; filter by unit',
          querystring: locationQuery,
          response: { 200: pageOf(locationView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listLocations(ctx, request.query),
    );
    r.post(
      '/api/v1/locations',
      {
        config: MANAGE,
        schema: {
          tags: ['locations'],
          summary: 'Add a location to a unit',
          body: locationBody,
          response: { 201: locationView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createLocation(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/locations/:id',
      {
        config: MANAGE,
        schema: {
          tags: ['locations'],
          summary: 'Change a location',
          params: uuidParam,
          body: locationPatch,
          response: { 200: locationView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateLocation(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/assets',
      {
        config: READ,
        schema: {
          tags: ['assets'],
          summary: 'Workstations and devices, by asset tag; filter by unit or device type',
          querystring: assetQuery,
          response: { 200: pageOf(assetView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listAssets(ctx, request.query),
    );
    r.post(
      '/api/v1/assets',
      {
        config: MANAGE,
        schema: {
          tags: ['assets'],
          summary: 'Add an asset',
          body: assetBody,
          response: { 201: assetView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createAsset(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/assets/:id',
      {
        config: MANAGE,
        schema: {
          tags: ['assets'],
          summary: 'Change an asset',
          params: uuidParam,
          body: assetPatch,
          response: { 200: assetView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateAsset(ctx, request.meta, request.params.id, request.body),
    );
  };
}
