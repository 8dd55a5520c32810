import { Body, Query } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe.js';

/**
 * Zod schemas are the single definition of a request: these decorators validate
 * with them and publish them in the OpenAPI document.
 */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: toOpenApi(schema) });
}

export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return Body(new ZodValidationPipe(schema));
}

export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return Query(new ZodValidationPipe(schema));
}

export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const decorators = Object.entries(schema.shape).map(([name, field]) =>
    ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, schema: toOpenApi(field as z.ZodType) }),
  );
  return (target, key, descriptor) => {
    for (const decorate of decorators) decorate(target, key, descriptor);
  };
}

function toOpenApi(schema: z.ZodType): Record<string, never> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
  delete (json as Record<string, unknown>)['$schema'];
  return json as unknown as Record<string, never>;
}
