module sigma-auth/signer-load

go 1.21
