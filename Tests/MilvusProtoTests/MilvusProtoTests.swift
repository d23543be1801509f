import Foundation
import GRPCCore
import MilvusProto
import SwiftProtobuf
import Testing

/// The generated code speaks Milvus's protocol: its field numbers and method paths are those of
/// milvus-proto's milvus.proto, which every Milvus from 2.3 to 2.6 serves.
@Suite struct MilvusProtoTests {
    @Test func searchRequestFieldsCarryMilvusFieldNumbers() throws {
        var request = Milvus_Proto_Milvus_SearchRequest()
        request.collectionName = "c"  // 3, length-delimited
        request.dsl = "id>0"  // 5
        request.placeholderGroup = Data([0xAB])  // 6
        request.nq = 2  // 12, varint
        let bytes = [UInt8](try request.serializedBytes() as [UInt8])
        #expect(bytes == [0x1A, 0x01, 0x63, 0x2A, 0x04, 0x69, 0x64, 0x3E, 0x30, 0x32, 0x01, 0xAB, 0x60, 0x02])
        #expect(try Milvus_Proto_Milvus_SearchRequest(serializedBytes: bytes) == request)
    }

    @Test func insertCarriesItsRowsAndColumns() throws {
        var insert = Milvus_Proto_Milvus_InsertRequest()
        insert.collectionName = "c"  // 3
        insert.numRows = 5  // 7
        var field = Milvus_Proto_Schema_FieldData()
        field.fieldName = "id"
        field.scalars.longData.data = [1, 2]
        insert.fieldsData = [field]  // 5
        let decoded = try Milvus_Proto_Milvus_InsertRequest(serializedBytes: try insert.serializedBytes() as [UInt8])
        #expect(decoded.numRows == 5 && decoded.fieldsData.first?.scalars.longData.data == [1, 2])
        let bytes: [UInt8] = try insert.serializedBytes()
        #expect(bytes.prefix(3) == [0x1A, 0x01, 0x63] && bytes.suffix(2) == [0x38, 0x05])
    }

    @Test func methodPathsAreThoseMilvusServes() {
        typealias Service = Milvus_Proto_Milvus_MilvusService
        #expect(Service.Method.Search.descriptor.fullyQualifiedMethod == "milvus.proto.milvus.MilvusService/Search")
        #expect(Service.Method.Insert.descriptor.fullyQualifiedMethod == "milvus.proto.milvus.MilvusService/Insert")
        #expect(Service.Method.Query.descriptor.fullyQualifiedMethod == "milvus.proto.milvus.MilvusService/Query")
    }
}
