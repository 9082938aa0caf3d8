import type { Dispatch } from '../core/contract/dispatcher.ts'
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/methods.ts'

/**
 * Calls a contract method through core's dispatch, as the page would, and answers its value
 * or throws its error message. The value is core's own output, already of the method's type.
 */
export async function callCore<M extends MethodName>(dispatch: Dispatch, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as MethodOutput<M>
}
