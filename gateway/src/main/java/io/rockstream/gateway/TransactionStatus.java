package io.rockstream.gateway;

/** The transaction status byte of ReadyForQuery. */
enum TransactionStatus {
    /** Not in a transaction block. */
    IDLE('I'),
    /** Inside BEGIN ... COMMIT. */
    IN_TRANSACTION('T'),
    /** A statement failed inside a transaction block; only COMMIT/ROLLBACK are accepted. */
    FAILED('E');

    private final char code;

    TransactionStatus(char code) {
        this.code = code;
    }

    char code() {
        return code;
    }
}
