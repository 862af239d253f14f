export {
  type MsgpackSerializerOptions,
  msgpackSerializer,
} from './msgpack-serializer.js';
